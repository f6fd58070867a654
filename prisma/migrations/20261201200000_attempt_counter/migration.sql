-- Attempts at something guessable (a staff password, a resident's code), counted per key in a
-- fixed window in one statement, so every app instance and every concurrent request sees one count.
-- CreateTable
CREATE TABLE "attempt_counter" (
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "windowEndsAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "attempt_counter_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "attempt_counter_windowEndsAt_idx" ON "attempt_counter"("windowEndsAt");
