CREATE TABLE "courses"."partner_enrollments" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"user_id" text NOT NULL,
	"course_id" text NOT NULL,
	"email" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "courses"."partner_enrollments" ADD CONSTRAINT "partner_enrollments_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "courses"."courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "partner_enrollments_active_idx" ON "courses"."partner_enrollments" USING btree ("partner_id","user_id","course_id") WHERE revoked_at is null;--> statement-breakpoint
CREATE INDEX "partner_enrollments_partner_idx" ON "courses"."partner_enrollments" USING btree ("partner_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "partner_enrollments_user_course_idx" ON "courses"."partner_enrollments" USING btree ("user_id","course_id");