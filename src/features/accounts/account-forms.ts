/** Fields shared by the accounts' forms. */
import { text } from '../../platform/forms.js';
import { USERNAME_PATTERN } from './account-rules.js';

export const username = text(40).toLowerCase().regex(USERNAME_PATTERN, 'accounts.errors.usernameFormat');
