/** LinkedIn: capture of the profile at `/in/<slug>/…`, read by the LinkedIn sensor on the rep's request. */
import { CAPTURE_LABEL } from '../../shared/i18n/button';
import { canonicalLinkedInUrl } from '../../shared/profile-url';
import type { ProfileFeature } from '../feature';
import { linkedin } from '../sites/linkedin';

export const linkedinProfile: ProfileFeature = {
  id: 'linkedin-profile',
  kind: 'profile',
  source: 'linkedin',
  pageAt: canonicalLinkedInUrl,
  label: CAPTURE_LABEL,
  read: (document, address) => linkedin.read(document, address),
  jobTitle: true,
};
