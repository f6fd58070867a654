-- An offer to a household that received a letter of another service in the past week waits.
ALTER TABLE "dispatch" ADD COLUMN "notBefore" TIMESTAMP(3);
