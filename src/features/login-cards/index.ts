/**
 * Login cards for residents without e-mail: on top of accounts (the one-time code),
 * residents, sessions and sites (the address and opening hours printed on each card).
 */
export { loginCardsRouter } from './login-cards.routes.js';
