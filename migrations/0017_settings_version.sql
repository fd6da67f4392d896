CREATE TABLE "settings_version" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"v" text NOT NULL
);
