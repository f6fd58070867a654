-- The children's participation offer: the municipality's participation records per household and
-- year (imported), and the allowance each offer gives (children and amounts per child).
-- CreateTable
CREATE TABLE "participation_record" (
    "id" SERIAL NOT NULL,
    "residentId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "incomePercentOfSocialMinimum" INTEGER NOT NULL,
    "householdSize" INTEGER NOT NULL,
    "validUntil" DATE NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "participation_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "participation_allowance" (
    "id" SERIAL NOT NULL,
    "renewalId" INTEGER NOT NULL,
    "residentId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "childIds" INTEGER[],
    "sportAmountCents" INTEGER NOT NULL,
    "cultureAmountCents" INTEGER NOT NULL,
    "maturity" TEXT NOT NULL,
    "grantedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "participation_allowance_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "participation_record_year_residentId_idx" ON "participation_record"("year", "residentId");

-- CreateIndex
CREATE UNIQUE INDEX "participation_record_residentId_year_key" ON "participation_record"("residentId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "participation_allowance_renewalId_key" ON "participation_allowance"("renewalId");

-- CreateIndex
CREATE INDEX "participation_allowance_residentId_year_idx" ON "participation_allowance"("residentId", "year");

-- AddForeignKey
ALTER TABLE "participation_record" ADD CONSTRAINT "participation_record_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participation_allowance" ADD CONSTRAINT "participation_allowance_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
