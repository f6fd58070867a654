-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('CASE_WORKER', 'PROCESS_OWNER', 'ADMINISTRATOR');

-- CreateTable
CREATE TABLE "staff_account" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL,
    "passwordHash" TEXT,
    "oidcSubject" TEXT,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_session" (
    "tokenHash" TEXT NOT NULL,
    "accountId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_session_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateIndex
CREATE UNIQUE INDEX "staff_account_email_key" ON "staff_account"("email");

-- CreateIndex
CREATE UNIQUE INDEX "staff_account_oidcSubject_key" ON "staff_account"("oidcSubject");

-- CreateIndex
CREATE INDEX "staff_session_accountId_idx" ON "staff_session"("accountId");

-- AddForeignKey
ALTER TABLE "staff_session" ADD CONSTRAINT "staff_session_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "staff_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

