// The sanctioning authorities, spelled once. Official listings and sanctions reported in news
// use the same labels, so a timeline can put them side by side.
export const AUTHORITY = {
  OFAC: 'US Treasury (OFAC)',
  US_STATE: 'US State Department',
  US_COMMERCE: 'US Commerce (BIS)',
  US: 'US',
  EU: 'EU',
  UK: 'UK',
  UN: 'UN',
  CANADA: 'Canada',
  CHINA_MOFCOM: 'China (MOFCOM)',
  CHINA_MFA: 'China (MFA)',
  AUSTRALIA: 'Australia',
  JAPAN: 'Japan',
  SWITZERLAND: 'Switzerland',
  NEW_ZEALAND: 'New Zealand',
  UKRAINE: 'Ukraine',
  RUSSIA: 'Russia',
} as const;

export type Authority = (typeof AUTHORITY)[keyof typeof AUTHORITY];

/** The US agencies, each more specific than plain "US". */
export const US_AGENCIES: ReadonlySet<string> = new Set<string>([AUTHORITY.OFAC, AUTHORITY.US_STATE, AUTHORITY.US_COMMERCE]);
