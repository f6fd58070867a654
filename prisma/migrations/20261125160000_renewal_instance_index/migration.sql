-- CreateIndex
CREATE INDEX "renewal_processInstanceKey_idx" ON "renewal"("processInstanceKey");

