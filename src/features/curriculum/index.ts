export { curriculumRouter } from './curriculum.routes.js';
export { CRCN_AREAS, CRCN_COMPETENCES, skillsPage, workbook } from './curriculum.service.js';
