CREATE TABLE "payments"."payment_events" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "payments"."payment_events_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"payment_id" text NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments"."payments" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"course_id" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"provider" text NOT NULL,
	"test" boolean NOT NULL,
	"idempotency_key" text,
	"provider_checkout_id" text,
	"provider_payment_id" text,
	"checkout_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_user_idempotency_key_unique" UNIQUE("user_id","idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "payments"."refunds" (
	"id" text PRIMARY KEY NOT NULL,
	"payment_id" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"provider_refund_id" text,
	"requested_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments"."subscriptions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"plan_id" text NOT NULL,
	"status" text NOT NULL,
	"provider" text NOT NULL,
	"current_period_end" timestamp with time zone,
	"cancel_at_period_end" boolean DEFAULT false NOT NULL,
	"provider_checkout_id" text,
	"provider_subscription_id" text,
	"checkout_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscriptions_provider_subscription_id_unique" UNIQUE("provider_subscription_id")
);
--> statement-breakpoint
CREATE TABLE "payments"."webhook_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"outcome" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "payment_events_payment_id_idx" ON "payments"."payment_events" USING btree ("payment_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_one_live_purchase_idx" ON "payments"."payments" USING btree ("user_id","course_id") WHERE status in ('pending', 'succeeded');--> statement-breakpoint
CREATE INDEX "payments_user_id_idx" ON "payments"."payments" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "payments_provider_payment_id_idx" ON "payments"."payments" USING btree ("provider_payment_id");--> statement-breakpoint
CREATE INDEX "payments_provider_checkout_id_idx" ON "payments"."payments" USING btree ("provider_checkout_id");--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_one_live_refund_idx" ON "payments"."refunds" USING btree ("payment_id") WHERE status in ('pending', 'succeeded');--> statement-breakpoint
CREATE UNIQUE INDEX "subscriptions_one_live_idx" ON "payments"."subscriptions" USING btree ("user_id") WHERE status in ('incomplete', 'active');