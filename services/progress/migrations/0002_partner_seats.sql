CREATE TABLE "progress"."partner_seats" (
	"partner_id" text NOT NULL,
	"user_id" text NOT NULL,
	"course_id" text NOT NULL,
	"enrollment_id" text NOT NULL,
	"email" text,
	"enrolled_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "partner_seats_partner_id_user_id_course_id_pk" PRIMARY KEY("partner_id","user_id","course_id")
);
--> statement-breakpoint
CREATE INDEX "partner_seats_partner_idx" ON "progress"."partner_seats" USING btree ("partner_id","enrollment_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "partner_seats_user_course_idx" ON "progress"."partner_seats" USING btree ("user_id","course_id");