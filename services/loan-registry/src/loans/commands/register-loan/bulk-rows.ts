import { BulkFormat } from '@riskpool/service-kit';
import { LoanCodes } from '../../loan-problems';
import { RegisterLoanDto } from './register-loan.dto';

/** In CSV, list cells (qualifications, flags) separate their codes with `|`. */
export const CSV_LIST_SEPARATOR = '|';

const listCell = (value: string): string[] =>
  value === '' ? [] : value.split(CSV_LIST_SEPARATOR).map((v) => v.trim());

/**
 * `POST /loans/bulk` bodies: JSON lines (one registration object per line, as `POST /loans`
 * takes it), `{"loans": [...]}`, or CSV with a header row naming these columns (any order; the
 * enterprise's fields flattened, `flags` optional).
 */
export const LOAN_BULK_FORMAT: BulkFormat<RegisterLoanDto> = {
  dto: RegisterLoanDto,
  arrayKey: 'loans',
  csvColumns: [
    'bankReference',
    'uscc',
    'enterpriseName',
    'townCode',
    'qualifications',
    'principalFen',
    'annualRateBp',
    'disbursementDate',
    'maturityDate',
    'flags',
  ],
  optionalCsvColumns: ['flags'],
  fromCsv: (cell) => {
    const rate = cell('annualRateBp');
    return {
      bankReference: cell('bankReference'),
      enterprise: {
        uscc: cell('uscc'),
        name: cell('enterpriseName'),
        townCode: cell('townCode'),
        qualifications: listCell(cell('qualifications')),
      },
      principalFen: cell('principalFen'),
      // An integer-looking rate becomes a number, anything else stays text (and is refused).
      annualRateBp: /^[0-9]{1,9}$/.test(rate) ? Number(rate) : rate,
      disbursementDate: cell('disbursementDate'),
      maturityDate: cell('maturityDate'),
      flags: listCell(cell('flags')),
    };
  },
  invalidCode: LoanCodes.bulkInvalid,
  tooLargeCode: 'LOAN.BULK_TOO_LARGE',
};
