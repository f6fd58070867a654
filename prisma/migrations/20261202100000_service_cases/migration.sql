-- A renewal becomes one run of any service for one resident: it names its service, its resident
-- and its subject itself, and a permit only where the service renews one.
ALTER TABLE "renewal" ADD COLUMN "service" TEXT,
    ADD COLUMN "residentId" INTEGER,
    ADD COLUMN "subject" TEXT,
    ADD COLUMN "details" JSONB;

UPDATE "renewal" r SET "service" = p."service", "residentId" = p."residentId",
    "subject" = 'permit-' || p."id" || '/' || to_char(r."expiresOn", 'YYYY-MM-DD')
  FROM "permit" p WHERE p."id" = r."permitId";

ALTER TABLE "renewal" ALTER COLUMN "service" SET NOT NULL,
    ALTER COLUMN "residentId" SET NOT NULL,
    ALTER COLUMN "subject" SET NOT NULL,
    ALTER COLUMN "permitId" DROP NOT NULL,
    ALTER COLUMN "expiresOn" DROP NOT NULL,
    ALTER COLUMN "newValidFrom" DROP NOT NULL,
    ALTER COLUMN "newExpiresOn" DROP NOT NULL;

ALTER TABLE "renewal" DROP CONSTRAINT "renewal_permitId_fkey";
ALTER TABLE "renewal" ADD CONSTRAINT "renewal_permitId_fkey" FOREIGN KEY ("permitId") REFERENCES "permit"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "renewal" ADD CONSTRAINT "renewal_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

DROP INDEX "renewal_permitId_expiresOn_key";
CREATE UNIQUE INDEX "renewal_service_subject_key" ON "renewal"("service", "subject");
CREATE INDEX "renewal_residentId_idx" ON "renewal"("residentId");
