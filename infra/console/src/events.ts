// A timeline event's type in words.
import { currentLang } from './i18n.ts';

const names: Record<string, [string, string]> = {
  SUBMITTED: ['提交申请', 'Submitted'],
  INCOMPLETE: ['材料不全，一次性告知', 'Incomplete: everything missing told at once'],
  CORRECTED: ['申请人补正', 'Corrected by the applicant'],
  ACCEPTED: ['受理，分送各部门', 'Accepted and routed to every department'],
  REVIEW_APPROVED: ['部门同意', 'Department approved'],
  REVIEW_REJECTED: ['部门不同意', 'Department rejected'],
  REVIEW_CORRECTION_REQUESTED: ['部门要求补正', 'Department requested a correction'],
  CORRECTION_NOTICE: ['补正通知', 'Correction notice'],
  REVIEW_DEEMED_APPROVED: ['超期视为同意', 'Deemed approved: the deadline passed'],
  REVIEW_EXTENDED: ['延长期限', 'Time limit extended'],
  REVIEW_REMINDER: ['到期提醒', 'Reminder before the deadline'],
  REVIEW_ESCALATED: ['超期督办', 'Escalated'],
  REVIEW_OPINION: ['补充意见', 'Opinion filed after the default'],
  OPINION_MISSING: ['未补充意见', 'No opinion filed'],
  DUE_DATE_MOVED: ['期限因日历调整而变更', 'Due date moved by a calendar change'],
  LAPSE_WARNING: ['即将失效提醒', 'Warning: the case will lapse'],
  CASE_APPROVED: ['办结：批准', 'Concluded: approved'],
  CASE_REJECTED: ['办结：不予批准', 'Concluded: rejected'],
  CASE_WITHDRAWN: ['申请人撤回', 'Withdrawn by the applicant'],
  CASE_LAPSED: ['逾期未补正，申请失效', 'Lapsed: no correction in time'],
  WORKFLOW_REDRIVEN: ['流程恢复', 'Workflow resumed'],
  REVIEW_APPROVED_ON_COMMITMENT: ['告知承诺，当场同意', 'Approved on the applicant’s commitment'],
  POST_CHECK_PASSED: ['事后核查通过', 'Post-check passed'],
  POST_CHECK_FAILED: ['事后核查不通过', 'Post-check failed'],
  POST_CHECK_MISSED: ['未按期核查', 'Post-check missed'],
  PERMIT_ISSUED: ['电子证照已签发', 'Permit issued'],
  PERMIT_REVOKED: ['电子证照已撤销', 'Permit revoked'],
  RATED: ['申请人评价', 'Rated by the applicant'],
  LOW_RATING: ['差评，转部门答复', 'Low rating, for the department to answer'],
  RATING_ANSWERED: ['部门答复评价', 'Rating answered by the department'],
};

export const eventName = (type: string) => names[type]?.[currentLang() === 'zh-CN' ? 0 : 1] ?? type;
