CREATE SCHEMA "eventbus";
--> statement-breakpoint
CREATE TABLE "eventbus"."consumer_offsets" (
	"group_id" text NOT NULL,
	"topic" text NOT NULL,
	"partition" integer NOT NULL,
	"position" bigint DEFAULT 0 NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consumer_offsets_group_id_topic_partition_pk" PRIMARY KEY("group_id","topic","partition")
);
--> statement-breakpoint
CREATE TABLE "eventbus"."dead_letters" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "eventbus"."dead_letters_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"group_id" text NOT NULL,
	"topic" text NOT NULL,
	"key" text NOT NULL,
	"event_id" text NOT NULL,
	"envelope" jsonb NOT NULL,
	"error" text NOT NULL,
	"attempts" integer NOT NULL,
	"status" text DEFAULT 'dead' NOT NULL,
	"failed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"replayed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "eventbus"."log" (
	"topic" text NOT NULL,
	"partition" integer NOT NULL,
	"offset" bigint NOT NULL,
	"key" text NOT NULL,
	"event_id" text NOT NULL,
	"envelope" jsonb NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "log_topic_partition_offset_pk" PRIMARY KEY("topic","partition","offset")
);
--> statement-breakpoint
CREATE TABLE "eventbus"."partitions" (
	"topic" text NOT NULL,
	"partition" integer NOT NULL,
	"last_offset" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "partitions_topic_partition_pk" PRIMARY KEY("topic","partition")
);
--> statement-breakpoint
CREATE TABLE "eventbus"."topics" (
	"topic" text PRIMARY KEY NOT NULL,
	"partitions" integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "dead_letters_group_event_idx" ON "eventbus"."dead_letters" USING btree ("group_id","event_id");--> statement-breakpoint
CREATE INDEX "dead_letters_replay_idx" ON "eventbus"."dead_letters" USING btree ("group_id") WHERE status = 'replay';--> statement-breakpoint
CREATE UNIQUE INDEX "log_event_id_idx" ON "eventbus"."log" USING btree ("event_id");