-- The engine is Operaton: a process instance has an id, not a Zeebe key. Renamed, not dropped,
-- so the link from a renewal to its instance survives the migration.
ALTER TABLE "renewal" RENAME COLUMN "processInstanceKey" TO "processInstanceId";
ALTER INDEX "renewal_processInstanceKey_idx" RENAME TO "renewal_processInstanceId_idx";

-- CreateEnum
CREATE TYPE "ResidentAnswerState" AS ENUM ('PENDING', 'DELIVERED', 'LATE');

-- CreateTable
CREATE TABLE "resident_answer" (
    "id" SERIAL NOT NULL,
    "renewalId" INTEGER NOT NULL,
    "response" TEXT NOT NULL,
    "report" TEXT,
    "state" "ResidentAnswerState" NOT NULL DEFAULT 'PENDING',
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "settledAt" TIMESTAMP(3),

    CONSTRAINT "resident_answer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "resident_answer_state_idx" ON "resident_answer"("state");

-- CreateIndex
CREATE INDEX "resident_answer_renewalId_idx" ON "resident_answer"("renewalId");

-- AddForeignKey
ALTER TABLE "resident_answer" ADD CONSTRAINT "resident_answer_renewalId_fkey" FOREIGN KEY ("renewalId") REFERENCES "renewal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
