export { catalogue, catalogueBinding, initCatalogue, loadCatalogue } from './catalogue.service.js';
export { exerciseUrl } from './content.paths.js';
export type { Catalogue, Module, Skill, Exercise } from '../catalogue/index.js';
export { answerAfterSessionEnded, workshopsRouter } from './workshops.routes.js';
export { residentHome } from './workshops.service.js';
export { CRCN_AREAS, CRCN_COMPETENCES, ID_PATTERN, PIM_DOMAINS } from './content.schema.js';
