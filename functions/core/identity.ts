// The applicant's identity document: its number checked for the type declared, and the
// masked form every list, work list, notification and log line shows instead of it.

/**
 * Document types an applicant may declare. Without a declaration the number is read as a
 * PRC resident identity card, the document most applicants hold.
 */
export const ID_TYPES = [
  /** 居民身份证 (GB 11643): 17 digits, then a check character (0–9 or X). */
  'PRC_RESIDENT_ID',
  /** 统一社会信用代码 (GB 32100), a company's or organisation's code: 18 characters, the last a check character. */
  'UNIFIED_SOCIAL_CREDIT_CODE',
  'PASSPORT',
  /** 港澳居民来往内地通行证 / 台湾居民来往大陆通行证 / 外国人永久居留身份证 and other documents: checked for form only. */
  'MAINLAND_TRAVEL_PERMIT',
  'FOREIGN_PERMANENT_RESIDENT_ID',
  'OTHER',
] as const;
export type IdType = (typeof ID_TYPES)[number];
export const DEFAULT_ID_TYPE: IdType = 'PRC_RESIDENT_ID';

/** Why a number is not valid for its type, or undefined when it is. */
export function idNumberProblem(type: IdType, value: string, today: Date = new Date()): string | undefined {
  switch (type) {
    case 'PRC_RESIDENT_ID':
      return residentIdProblem(value, today);
    case 'UNIFIED_SOCIAL_CREDIT_CODE':
      return creditCodeProblem(value);
    case 'PASSPORT':
      return /^[A-Z0-9]{5,20}$/.test(value) ? undefined : 'a passport number is 5 to 20 letters and digits';
    case 'MAINLAND_TRAVEL_PERMIT':
    case 'FOREIGN_PERMANENT_RESIDENT_ID':
      return /^[A-Z0-9]{8,18}$/.test(value) ? undefined : 'this document number is 8 to 18 letters and digits';
    case 'OTHER':
      return /^[A-Z0-9-]{4,64}$/.test(value) ? undefined : 'a document number is 4 to 64 letters, digits and "-"';
  }
}

const RESIDENT_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_CHECK = '10X98765432';

/** GB 11643: 6-digit area, birth date YYYYMMDD, 3-digit sequence, ISO 7064 MOD 11-2 check character. */
function residentIdProblem(value: string, today: Date): string | undefined {
  if (!/^\d{17}[\dX]$/.test(value)) return 'a resident identity card number is 17 digits and a check character (0-9 or X)';
  const [y, m, d] = [value.slice(6, 10), value.slice(10, 12), value.slice(12, 14)].map(Number);
  const born = new Date(Date.UTC(y, m - 1, d));
  if (born.getUTCFullYear() !== y || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d || y < 1900 || born > today)
    return 'the birth date in the resident identity card number (digits 7-14) is not a real date';
  const sum = RESIDENT_WEIGHTS.reduce((s, w, i) => s + w * Number(value[i]), 0);
  return value[17] === RESIDENT_CHECK[sum % 11] ? undefined : 'the check character of the resident identity card number does not match';
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100: 18 characters of 0-9 and capital letters other than I, O, S, V and Z, the last a MOD 31 check character. */
function creditCodeProblem(value: string): string | undefined {
  if (value.length !== 18 || [...value].some((c) => !CREDIT_CHARS.includes(c)))
    return 'a unified social credit code is 18 characters: digits and capital letters other than I, O, S, V and Z';
  const sum = CREDIT_WEIGHTS.reduce((s, w, i) => s + w * CREDIT_CHARS.indexOf(value[i]), 0);
  return value[17] === CREDIT_CHARS[(31 - (sum % 31)) % 31]
    ? undefined
    : 'the check character of the unified social credit code does not match';
}

/**
 * The number as lists, notifications and logs show it: the first and last four characters,
 * the rest as '*' (1101**********4514); shorter numbers keep a quarter at each end, so never
 * more than half shows.
 */
export function maskIdNumber(value: string): string {
  const keep = Math.min(4, Math.floor(value.length / 4));
  return keep ? `${value.slice(0, keep)}${'*'.repeat(value.length - 2 * keep)}${value.slice(-keep)}` : '*'.repeat(value.length);
}
