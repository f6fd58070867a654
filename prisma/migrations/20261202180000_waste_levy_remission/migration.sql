-- The waste levy's remission offer: the levy assessed per resident and year, the remissions granted
-- (imported or by Tijdig), and the Inlichtingenbureau stub's data.
-- CreateTable
CREATE TABLE "levy_assessment" (
    "id" SERIAL NOT NULL,
    "residentId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "household" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,

    CONSTRAINT "levy_assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "remission_grant" (
    "id" SERIAL NOT NULL,
    "residentId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "granted" BOOLEAN NOT NULL,
    "amountCents" INTEGER,
    "source" TEXT NOT NULL,
    "renewalId" INTEGER,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "remission_grant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stub_income_check" (
    "bsn" CHAR(9) NOT NULL,
    "household" TEXT NOT NULL,
    "netMonthlyIncomeCents" INTEGER,
    "assetsAboveNorm" BOOLEAN NOT NULL,
    "vehicleAboveNorm" BOOLEAN NOT NULL,
    "referenceDate" DATE NOT NULL,

    CONSTRAINT "stub_income_check_pkey" PRIMARY KEY ("bsn")
);

-- CreateIndex
CREATE UNIQUE INDEX "levy_assessment_number_key" ON "levy_assessment"("number");

-- CreateIndex
CREATE INDEX "levy_assessment_year_residentId_idx" ON "levy_assessment"("year", "residentId");

-- CreateIndex
CREATE UNIQUE INDEX "levy_assessment_residentId_year_key" ON "levy_assessment"("residentId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "remission_grant_residentId_year_key" ON "remission_grant"("residentId", "year");

-- AddForeignKey
ALTER TABLE "levy_assessment" ADD CONSTRAINT "levy_assessment_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "remission_grant" ADD CONSTRAINT "remission_grant_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

