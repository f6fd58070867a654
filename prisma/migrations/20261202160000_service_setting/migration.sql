-- A process owner's maturity level per service, taking effect from the next cycle.
-- CreateTable
CREATE TABLE "service_setting" (
    "service" TEXT NOT NULL,
    "maturity" TEXT NOT NULL,
    "changedBy" TEXT NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "service_setting_pkey" PRIMARY KEY ("service")
);
