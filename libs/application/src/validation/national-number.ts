// R30: events carry an opaque pseudonym, never a national register number. A studentId that
// is a valid Belgian national register (or BIS) number is refused before anything is stored.

/** 11 digits (dots, dashes and spaces aside) with a valid mod-97 check for a birth in 19xx or 20xx. */
export function looksLikeNationalNumber(value: string): boolean {
  const digits = value.replace(/[.\- ]/g, '');
  if (!/^\d{11}$/.test(digits)) return false;
  const body = BigInt(digits.slice(0, 9));
  const check = Number(digits.slice(9));
  return 97 - Number(body % 97n) === check || 97 - Number((2000000000n + body) % 97n) === check;
}
