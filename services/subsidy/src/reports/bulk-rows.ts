import { BulkFormat } from '@riskpool/service-kit';
import { SubsidyCodes } from '../subsidy-context';
import { InterestReportDto } from './interest-report.dto';

/**
 * `POST /subsidy/interest-reports/bulk` bodies: JSON lines, `{"reports": [...]}`, or CSV whose
 * header names these columns (any order; `roundId` optional).
 */
export const INTEREST_REPORT_BULK_FORMAT: BulkFormat<InterestReportDto> = {
  dto: InterestReportDto,
  arrayKey: 'reports',
  csvColumns: [
    'loanId',
    'periodStart',
    'periodEnd',
    'interestPaidFen',
    'outstandingAtStartFen',
    'payeeAccountNo',
    'payeeAccountName',
    'roundId',
  ],
  optionalCsvColumns: ['roundId'],
  invalidCode: SubsidyCodes.bulkInvalid,
  tooLargeCode: SubsidyCodes.bulkTooLarge,
};
