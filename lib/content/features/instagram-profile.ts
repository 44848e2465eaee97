/** Instagram: capture of the profile at `/<username>/…` (never a job title), read by the Instagram sensor on the rep's request. */
import { CAPTURE_LABEL } from '../../shared/i18n/button';
import { canonicalInstagramUrl } from '../../shared/profile-url';
import type { ProfileFeature } from '../feature';
import { instagram } from '../sites/instagram';

export const instagramProfile: ProfileFeature = {
  id: 'instagram-profile',
  kind: 'profile',
  source: 'instagram',
  pageAt: canonicalInstagramUrl,
  label: CAPTURE_LABEL,
  read: (document, address) => instagram.read(document, address),
  jobTitle: false,
};
