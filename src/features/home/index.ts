export { homeRouter } from './home.routes.js';
