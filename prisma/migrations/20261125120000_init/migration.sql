-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "PermitKind" AS ENUM ('B', 'P', 'BP');

-- CreateEnum
CREATE TYPE "IndicationKind" AS ENUM ('PERMANENT', 'TEMPORARY');

-- CreateEnum
CREATE TYPE "RenewalStatus" AS ENUM ('PENDING_START', 'STARTED', 'AWAITING_RESIDENT', 'EXCEPTION', 'COMPLETED', 'STOPPED');

-- CreateEnum
CREATE TYPE "DispatchChannel" AS ENUM ('POST');

-- CreateEnum
CREATE TYPE "DispatchStatus" AS ENUM ('QUEUED', 'BATCHED');

-- CreateEnum
CREATE TYPE "CardOrderStatus" AS ENUM ('ORDERED', 'IN_PRODUCTION', 'SHIPPED');

-- CreateTable
CREATE TABLE "resident" (
    "id" SERIAL NOT NULL,
    "bsn" CHAR(9) NOT NULL,
    "givenNames" TEXT NOT NULL,
    "surnamePrefix" TEXT,
    "surname" TEXT NOT NULL,
    "birthDate" DATE NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'nl',
    "proactiveOptOutAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "resident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "address" (
    "id" SERIAL NOT NULL,
    "residentId" INTEGER NOT NULL,
    "street" TEXT NOT NULL,
    "houseNumber" INTEGER NOT NULL,
    "houseNumberAddition" TEXT,
    "postalCode" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "municipalityCode" CHAR(4) NOT NULL,
    "validFrom" DATE NOT NULL,
    "validUntil" DATE,

    CONSTRAINT "address_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "permit" (
    "id" SERIAL NOT NULL,
    "residentId" INTEGER NOT NULL,
    "service" TEXT NOT NULL DEFAULT 'gpk',
    "kind" "PermitKind" NOT NULL,
    "number" TEXT NOT NULL,
    "validFrom" DATE NOT NULL,
    "expiresOn" DATE NOT NULL,

    CONSTRAINT "permit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "indication" (
    "id" SERIAL NOT NULL,
    "residentId" INTEGER NOT NULL,
    "permitId" INTEGER NOT NULL,
    "kind" "IndicationKind" NOT NULL,
    "assessedOn" DATE NOT NULL,
    "endsOn" DATE,

    CONSTRAINT "indication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "renewal" (
    "id" SERIAL NOT NULL,
    "permitId" INTEGER NOT NULL,
    "expiresOn" DATE NOT NULL,
    "newValidFrom" DATE NOT NULL,
    "newExpiresOn" DATE NOT NULL,
    "status" "RenewalStatus" NOT NULL DEFAULT 'PENDING_START',
    "processInstanceKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "renewal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "renewal_status_change" (
    "id" SERIAL NOT NULL,
    "renewalId" INTEGER NOT NULL,
    "status" "RenewalStatus" NOT NULL,
    "reason" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "renewal_status_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "letter" (
    "id" SERIAL NOT NULL,
    "renewalId" INTEGER NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "pdf" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "letter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dispatch" (
    "id" SERIAL NOT NULL,
    "letterId" INTEGER NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "channel" "DispatchChannel" NOT NULL,
    "status" "DispatchStatus" NOT NULL DEFAULT 'QUEUED',
    "batchId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "batchedAt" TIMESTAMP(3),

    CONSTRAINT "dispatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "card_order" (
    "id" SERIAL NOT NULL,
    "renewalId" INTEGER NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "producerOrderId" TEXT,
    "status" "CardOrderStatus" NOT NULL DEFAULT 'ORDERED',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "card_order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "confirmation_code" (
    "id" SERIAL NOT NULL,
    "renewalId" INTEGER NOT NULL,
    "codeHash" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "confirmation_code_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contact_moment" (
    "id" SERIAL NOT NULL,
    "residentId" INTEGER NOT NULL,
    "renewalId" INTEGER,
    "idempotencyKey" TEXT,
    "channel" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contact_moment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "details" JSONB,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scan_run" (
    "id" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "examined" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "scan_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stub_brp_person" (
    "bsn" CHAR(9) NOT NULL,
    "givenNames" TEXT NOT NULL,
    "surnamePrefix" TEXT,
    "surname" TEXT NOT NULL,
    "municipalityCode" CHAR(4),
    "municipalityName" TEXT,
    "street" TEXT,
    "houseNumber" INTEGER,
    "houseNumberAddition" TEXT,
    "postalCode" TEXT,
    "city" TEXT,
    "foreignCountry" TEXT,
    "deceasedOn" DATE,
    "suspensionReason" CHAR(1),

    CONSTRAINT "stub_brp_person_pkey" PRIMARY KEY ("bsn")
);

-- CreateTable
CREATE TABLE "stub_card_order" (
    "id" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stub_card_order_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "resident_bsn_key" ON "resident"("bsn");

-- CreateIndex
CREATE INDEX "address_residentId_idx" ON "address"("residentId");

-- CreateIndex
CREATE UNIQUE INDEX "permit_number_key" ON "permit"("number");

-- CreateIndex
CREATE INDEX "permit_service_expiresOn_id_idx" ON "permit"("service", "expiresOn", "id");

-- CreateIndex
CREATE INDEX "indication_permitId_idx" ON "indication"("permitId");

-- CreateIndex
CREATE INDEX "renewal_status_idx" ON "renewal"("status");

-- CreateIndex
CREATE UNIQUE INDEX "renewal_permitId_expiresOn_key" ON "renewal"("permitId", "expiresOn");

-- CreateIndex
CREATE INDEX "renewal_status_change_renewalId_idx" ON "renewal_status_change"("renewalId");

-- CreateIndex
CREATE UNIQUE INDEX "letter_idempotencyKey_key" ON "letter"("idempotencyKey");

-- CreateIndex
CREATE INDEX "letter_renewalId_idx" ON "letter"("renewalId");

-- CreateIndex
CREATE UNIQUE INDEX "dispatch_idempotencyKey_key" ON "dispatch"("idempotencyKey");

-- CreateIndex
CREATE INDEX "dispatch_status_idx" ON "dispatch"("status");

-- CreateIndex
CREATE UNIQUE INDEX "card_order_idempotencyKey_key" ON "card_order"("idempotencyKey");

-- CreateIndex
CREATE INDEX "card_order_renewalId_idx" ON "card_order"("renewalId");

-- CreateIndex
CREATE UNIQUE INDEX "confirmation_code_codeHash_key" ON "confirmation_code"("codeHash");

-- CreateIndex
CREATE INDEX "confirmation_code_renewalId_idx" ON "confirmation_code"("renewalId");

-- CreateIndex
CREATE UNIQUE INDEX "contact_moment_idempotencyKey_key" ON "contact_moment"("idempotencyKey");

-- CreateIndex
CREATE INDEX "contact_moment_residentId_idx" ON "contact_moment"("residentId");

-- CreateIndex
CREATE INDEX "audit_event_subjectType_subjectId_idx" ON "audit_event"("subjectType", "subjectId");

-- CreateIndex
CREATE UNIQUE INDEX "stub_card_order_reference_key" ON "stub_card_order"("reference");

-- AddForeignKey
ALTER TABLE "address" ADD CONSTRAINT "address_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "permit" ADD CONSTRAINT "permit_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "indication" ADD CONSTRAINT "indication_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "indication" ADD CONSTRAINT "indication_permitId_fkey" FOREIGN KEY ("permitId") REFERENCES "permit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "renewal" ADD CONSTRAINT "renewal_permitId_fkey" FOREIGN KEY ("permitId") REFERENCES "permit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "renewal_status_change" ADD CONSTRAINT "renewal_status_change_renewalId_fkey" FOREIGN KEY ("renewalId") REFERENCES "renewal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "letter" ADD CONSTRAINT "letter_renewalId_fkey" FOREIGN KEY ("renewalId") REFERENCES "renewal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dispatch" ADD CONSTRAINT "dispatch_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "letter"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "card_order" ADD CONSTRAINT "card_order_renewalId_fkey" FOREIGN KEY ("renewalId") REFERENCES "renewal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "confirmation_code" ADD CONSTRAINT "confirmation_code_renewalId_fkey" FOREIGN KEY ("renewalId") REFERENCES "renewal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_moment" ADD CONSTRAINT "contact_moment_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_moment" ADD CONSTRAINT "contact_moment_renewalId_fkey" FOREIGN KEY ("renewalId") REFERENCES "renewal"("id") ON DELETE SET NULL ON UPDATE CASCADE;

