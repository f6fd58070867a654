-- A death, an emigration or a move out of the municipality, as the register reported it: it stops
-- or adapts every running renewal and offer of the resident in one place.
-- CreateEnum
CREATE TYPE "LifeEventKind" AS ENUM ('DECEASED', 'EMIGRATED', 'MOVED_OUT');

-- CreateTable
CREATE TABLE "life_event" (
    "id" SERIAL NOT NULL,
    "residentId" INTEGER NOT NULL,
    "kind" "LifeEventKind" NOT NULL,
    "facts" JSONB NOT NULL,
    "reportedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settledAt" TIMESTAMP(3),

    CONSTRAINT "life_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "life_event_settledAt_idx" ON "life_event"("settledAt");

-- CreateIndex
CREATE UNIQUE INDEX "life_event_residentId_kind_key" ON "life_event"("residentId", "kind");

-- AddForeignKey
ALTER TABLE "life_event" ADD CONSTRAINT "life_event_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
