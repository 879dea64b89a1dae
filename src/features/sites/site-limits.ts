/** Length limits shared by the form, the schema and the certificate's layout. */
export const ORGANISATION_LIMITS = {
  legalName: 120,
  address: 200,
  phone: 30,
  website: 120,
  signatoryName: 80,
  signatoryRole: 80,
} as const;
/** The logo printed on certificates: a small PNG or JPEG, kept in the site's document. */
export const LOGO_MAX_BYTES = 200 * 1024;
