/** The two address lines of a Dutch envelope: street and number; postal code, two spaces, city in capitals (PostNL). */
export function envelopeLines(address: {
  street: string;
  houseNumber: number;
  houseNumberAddition: string | null;
  postalCode: string;
  city: string;
}): string[] {
  const number = address.houseNumberAddition
    ? `${address.houseNumber} ${address.houseNumberAddition}`
    : String(address.houseNumber);
  return [`${address.street} ${number}`, `${address.postalCode}  ${address.city.toUpperCase()}`];
}
