-- Resident parking permits (service parking-permit): a permit's zone, vehicle and payment mandate;
-- zones with their addresses and limit; the charges of a renewal; the RDW and payment provider stubs' data.
-- AlterTable
ALTER TABLE "permit" ADD COLUMN     "leaseDocumented" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "licencePlate" TEXT,
ADD COLUMN     "paymentCustomerId" TEXT,
ADD COLUMN     "paymentMandateId" TEXT,
ADD COLUMN     "zoneCode" TEXT,
ALTER COLUMN "kind" DROP NOT NULL;

-- CreateTable
CREATE TABLE "parking_zone" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "maxPermitsPerAddress" INTEGER NOT NULL,
    "yearlyFeeCents" INTEGER NOT NULL,
    "postalCodes" TEXT[],
    "streets" TEXT[],

    CONSTRAINT "parking_zone_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "permit_charge" (
    "id" SERIAL NOT NULL,
    "renewalId" INTEGER NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "providerPaymentId" TEXT,
    "status" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "permit_charge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stub_rdw_vehicle" (
    "kenteken" TEXT NOT NULL,
    "holderBsn" CHAR(9),
    "registeredOn" DATE NOT NULL,

    CONSTRAINT "stub_rdw_vehicle_pkey" PRIMARY KEY ("kenteken")
);

-- CreateTable
CREATE TABLE "stub_payment_mandate" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "status" TEXT NOT NULL,

    CONSTRAINT "stub_payment_mandate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stub_payment" (
    "id" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "mandateId" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stub_payment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "permit_charge_idempotencyKey_key" ON "permit_charge"("idempotencyKey");

-- CreateIndex
CREATE INDEX "permit_charge_renewalId_idx" ON "permit_charge"("renewalId");

-- CreateIndex
CREATE UNIQUE INDEX "stub_payment_idempotencyKey_key" ON "stub_payment"("idempotencyKey");

-- CreateIndex
CREATE INDEX "permit_zoneCode_idx" ON "permit"("zoneCode");

-- AddForeignKey
ALTER TABLE "permit" ADD CONSTRAINT "permit_zoneCode_fkey" FOREIGN KEY ("zoneCode") REFERENCES "parking_zone"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "permit_charge" ADD CONSTRAINT "permit_charge_renewalId_fkey" FOREIGN KEY ("renewalId") REFERENCES "renewal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

