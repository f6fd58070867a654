-- AlterTable
ALTER TABLE "renewal_status_change" ADD COLUMN     "facts" JSONB;

