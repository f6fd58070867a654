-- Disabled parking places (service parking-place): a place reserved for one licence plate by a
-- traffic decree, held by a GPK holder; reviewed when the holder's GPK is not renewed.
-- CreateTable
CREATE TABLE "parking_place" (
    "id" SERIAL NOT NULL,
    "residentId" INTEGER NOT NULL,
    "decree" TEXT NOT NULL,
    "licencePlate" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "decreedOn" DATE NOT NULL,
    "withdrawnOn" DATE,

    CONSTRAINT "parking_place_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "parking_place_decree_key" ON "parking_place"("decree");

-- CreateIndex
CREATE INDEX "parking_place_residentId_idx" ON "parking_place"("residentId");

-- AddForeignKey
ALTER TABLE "parking_place" ADD CONSTRAINT "parking_place_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
