export { curriculumRouter } from './curriculum.routes.js';
export { CRCN_AREAS, CRCN_COMPETENCES } from './curriculum.service.js';
