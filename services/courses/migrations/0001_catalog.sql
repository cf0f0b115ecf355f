CREATE TABLE "courses"."course_purchases" (
	"payment_id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"course_id" text NOT NULL,
	"status" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "courses"."courses" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"price_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"instructor_id" text NOT NULL,
	"lesson_count" integer DEFAULT 0 NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce("title", '')), 'A') || setweight(to_tsvector('english', coalesce("description", '')), 'B')) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "courses_price_check" CHECK (price_cents >= 0),
	CONSTRAINT "courses_status_check" CHECK (status in ('draft', 'published'))
);
--> statement-breakpoint
CREATE TABLE "courses"."lessons" (
	"id" text PRIMARY KEY NOT NULL,
	"course_id" text NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"position" integer NOT NULL,
	"duration_sec" integer DEFAULT 0 NOT NULL,
	"free_preview" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "courses"."subscriptions" (
	"subscription_id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"plan_id" text NOT NULL,
	"status" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "courses"."lessons" ADD CONSTRAINT "lessons_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "courses"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "course_purchases_user_course_idx" ON "courses"."course_purchases" USING btree ("user_id","course_id");--> statement-breakpoint
CREATE INDEX "courses_search_idx" ON "courses"."courses" USING gin ("search");--> statement-breakpoint
CREATE INDEX "courses_published_idx" ON "courses"."courses" USING btree ("id" DESC NULLS LAST) WHERE status = 'published';--> statement-breakpoint
CREATE INDEX "courses_instructor_idx" ON "courses"."courses" USING btree ("instructor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lessons_course_position_idx" ON "courses"."lessons" USING btree ("course_id","position");--> statement-breakpoint
CREATE INDEX "subscriptions_user_idx" ON "courses"."subscriptions" USING btree ("user_id");