// Chinese first, English on request: every text of the console, side by side.
export type Lang = 'zh-CN' | 'en';

export const TEXTS = {
  appName: ['风险补偿资金池控制台', 'Risk-pool console'],
  signIn: ['登录', 'Sign in'],
  signOut: ['退出', 'Sign out'],
  apiKey: ['API 密钥', 'API key'],
  keyNote: [
    '密钥只保存在本页内存中，关闭或刷新页面即需重新登录。',
    'The key stays in this page’s memory only; closing or reloading the page signs you out.',
  ],
  language: ['English', '中文'],
  timeZoneNote: ['所有时间均为北京时间（UTC+8）', 'All times in China Standard Time (UTC+8)'],
  claimClosed: ['理赔已结束，无待审批', 'claim closed: no approval pending'],
  role_admin: ['管理员', 'Administrator'],
  'role_fund-manager': ['资金管理人', 'Fund manager'],
  role_regulator: ['监管机构', 'Regulator'],
  role_bank: ['合作银行', 'Bank'],
  adminNote: [
    '管理员请使用 API（/api/docs）。本控制台面向资金管理人、监管机构和银行。',
    'Administrators use the API (/api/docs). This console is for fund managers, regulators and banks.',
  ],
  forbidden: ['无权访问此页面', 'You may not open this page'],
  forbiddenNote: [
    '此页面不属于您的角色，请从上方菜单选择。',
    'This page is not for your role; choose one from the menu above.',
  ],
  notFound: ['页面不存在', 'No such page'],
  loading: ['加载中…', 'Loading…'],
  refresh: ['刷新', 'Refresh'],
  nav_inbox: ['理赔待办', 'Claims inbox'],
  nav_fund: ['资金', 'Fund'],
  nav_policies: ['政策版本', 'Policies'],
  nav_ledger: ['账本', 'Ledger'],
  nav_loanReport: ['单笔贷款报告', 'Loan report'],
  nav_charts: ['统计图表', 'Charts'],
  nav_bank: ['贷款与理赔', 'Loans and claims'],
  inbox_open: ['待我审批', 'Waiting for me'],
  inbox_deferred: ['已暂缓', 'Deferred'],
  inbox_waiting: ['待其他资金审批', 'Waiting on the other fund'],
  inbox_done: ['已结束', 'Closed'],
  none: ['暂无', 'None'],
  claim: ['理赔', 'Claim'],
  loan: ['贷款', 'Loan'],
  bank: ['银行', 'Bank'],
  town: ['镇街', 'Town'],
  status: ['状态', 'Status'],
  openedOn: ['立案日期', 'Opened on'],
  basis: ['补偿基数', 'Basis'],
  rate: ['补偿比例', 'Rate'],
  pool: ['资金池承担', 'Pool pays'],
  bankShare: ['银行自担', 'Bank bears'],
  capsApplied: ['触发的上限', 'Caps that bit'],
  noCaps: ['未触发上限', 'No cap applied'],
  cap_PER_LOAN_CAP: ['单笔补偿上限', 'Per-loan cap'],
  cap_PER_BANK_ANNUAL_CAP: ['银行年度补偿上限（剩余）', "Bank's annual cap (left)"],
  cap_PORTFOLIO_CAP: ['银行组合补偿上限（剩余）', "Bank's portfolio cap (left)"],
  accruedInterest: ['应计利息', 'Accrued interest'],
  lossCosts: ['诉讼等费用', 'Litigation costs'],
  coSharers: ['共担方', 'Co-sharers'],
  coSharerKind: ['类型', 'Kind'],
  cutBack: ['因银行最低自担比例核减', "Cut back for the lender's minimum"],
  lenderShare: ['贷款机构自担', 'Lender bears'],
  kind_GUARANTOR: ['担保机构', 'Guarantor'],
  kind_INSURER: ['保险机构', 'Insurer'],
  kind_VALUER: ['评估机构', 'Valuer'],
  split: ['分担', 'Split'],
  fund: ['资金', 'Fund'],
  weight: ['权重', 'Weight'],
  share: ['应担', 'Share'],
  held: ['已冻结', 'Held'],
  queued: ['排队中', 'Queued'],
  paid: ['已支付', 'Paid'],
  approved: ['已批准', 'Approved'],
  approvals: ['审批情况', 'Approvals'],
  pendingFunds: ['待审批', 'Pending'],
  history: ['历史记录', 'History'],
  principal: ['本金', 'Principal'],
  outstanding: ['未偿余额', 'Outstanding'],
  outstandingAtDefault: ['违约时余额', 'Outstanding at default'],
  policyVersion: ['政策版本', 'Policy version'],
  flags: ['标记', 'Flags'],
  approve: ['批准', 'Approve'],
  deny: ['拒绝', 'Deny'],
  adjust: ['调整基数', 'Adjust basis'],
  liftDeferral: ['解除暂缓', 'Lift deferral'],
  reason: ['理由', 'Reason'],
  newBasisYuan: ['新的补偿基数（元）', 'New basis (yuan)'],
  submit: ['提交', 'Submit'],
  confirm: ['确认', 'Confirm'],
  cancel: ['取消', 'Cancel'],
  confirmQuestion: ['请确认：', 'Please confirm:'],
  done: ['已完成', 'Done'],
  available: ['可用', 'Available'],
  deposited: ['累计存入', 'Deposited'],
  queue: ['排队顺序', 'Queue, in order'],
  deposits: ['存入记录', 'Deposits'],
  deposit: ['存入资金', 'Deposit'],
  amountYuan: ['金额（元）', 'Amount (yuan)'],
  reference: ['备注/凭证号', 'Reference'],
  availableAfter: ['存入后可用', 'Available after'],
  publishPolicy: ['发布新政策版本', 'Publish a policy version'],
  policyJson: ['政策内容（JSON）', 'Policy (JSON)'],
  published: ['已发布', 'Published'],
  effectiveFrom: ['生效日期', 'Effective from'],
  filters: ['筛选', 'Filters'],
  account: ['账户', 'Account'],
  from: ['起始时间', 'From'],
  to: ['截止时间', 'To'],
  search: ['查询', 'Search'],
  nextPage: ['下一页', 'Next page'],
  prevPage: ['上一页', 'Previous page'],
  firstPage: ['第一页', 'First page'],
  seq: ['序号', 'Seq'],
  time: ['时间', 'Time'],
  eventType: ['事件', 'Event'],
  kind: ['类型', 'Kind'],
  postings: ['分录', 'Postings'],
  debit: ['借', 'Debit'],
  credit: ['贷', 'Credit'],
  entry: ['账本条目', 'Ledger entry'],
  causedBy: ['来源', 'Caused by'],
  eventId: ['事件 ID', 'Event id'],
  verify: ['在浏览器中验证', 'Verify in the browser'],
  verifying: ['验证中…', 'Verifying…'],
  verified: [
    '验证通过：该条目包含在已签名的账本检查点中。',
    'Verified: this entry is in a signed ledger checkpoint.',
  ],
  rejected: [
    '验证失败：证明不成立，数据可能被篡改。',
    'Rejected: the proof does not hold; the data may have been tampered with.',
  ],
  check_leaf: [
    '条目哈希：SHA-256(0x00‖规范字节) 与证明中的叶子哈希一致',
    'Leaf: SHA-256(0x00‖canonical bytes) equals the proof’s leaf hash',
  ],
  check_path: [
    'Merkle 路径：由叶子沿审计路径（SHA-256(0x01‖左‖右)）算出的根与检查点根一致',
    'Merkle path: the root computed up the audit path (SHA-256(0x01‖left‖right)) equals the checkpoint root',
  ],
  check_root: [
    '证明与检查点的树大小和根一致',
    'The proof’s tree size and root match the checkpoint',
  ],
  pinnedKeyId: [
    '信任的账本公钥 ID（账本启动时打印）',
    'Pinned ledger key id (printed at the ledger’s start)',
  ],
  check_pinned: [
    '公钥固定：签署检查点的公钥是您固定的公钥，或由其签署的密钥轮换宣布的公钥',
    'Pinned key: the checkpoint is signed by the key you pinned, or by one it announced in a signed key rotation',
  ],
  check_keyId: [
    '公钥 ID：SHA-256(SPKI) 前 16 字节与检查点 keyId 一致',
    'Key id: first 16 bytes of SHA-256(SPKI) equal the checkpoint’s keyId',
  ],
  check_signature: [
    'Ed25519 签名：检查点的规范 JSON 由账本公钥签名（Web Crypto）',
    'Ed25519 signature: the checkpoint’s canonical JSON is signed by the ledger key (Web Crypto)',
  ],
  expected: ['应为', 'Expected'],
  actual: ['实际', 'Got'],
  checkpoint: ['检查点', 'Checkpoint'],
  treeSize: ['树大小', 'Tree size'],
  loanId: ['贷款 ID', 'Loan id'],
  show: ['查看', 'Show'],
  funds: ['各资金', 'Funds'],
  recovered: ['已追回', 'Recovered'],
  remitted: ['已返还', 'Remitted'],
  owed: ['应返还', 'Owed'],
  party: ['承担方', 'Party'],
  chart_town: ['按镇街的补偿金额（按月）', 'Compensation by town, by month'],
  chart_bank: ['按银行的补偿金额（按月）', 'Compensation by bank, by month'],
  chart_funds: ['资金使用', 'Fund use'],
  chart_npl: ['各银行不良率与熔断线', 'Each bank’s NPL ratio against the breaker'],
  nplNote: [
    '不良率 = 违约贷款违约时余额 ÷ 全部贷款（未结清）余额，由 /loans 估算。',
    'NPL ratio = defaulted loans’ outstanding at default ÷ all open loans’ outstanding, estimated from /loans.',
  ],
  breaker: ['熔断线', 'Breaker'],
  paidOut: ['已赔付', 'Paid out'],
  loans: ['贷款', 'Loans'],
  claims: ['理赔', 'Claims'],
  reportedOn: ['日期', 'Date'],
  actor: ['操作人', 'Actor'],
  action: ['操作', 'Action'],
  detail: ['详情', 'Detail'],
  scope: ['范围', 'Scope'],
  cityOnly: ['仅市级资金管理人可执行。', 'Only the city fund’s manager may do this.'],
} as const satisfies Record<string, readonly [string, string]>;

export type TextKey = keyof typeof TEXTS;

export function text(lang: Lang, key: TextKey): string {
  return TEXTS[key][lang === 'en' ? 1 : 0];
}

/** The one time zone every time is shown in, whatever the reader's computer says. */
export const TIME_ZONE = 'Asia/Shanghai';
/** Its name after every time shown: China Standard Time (UTC+8, no daylight saving). */
export const TIME_ZONE_LABEL: Readonly<Record<Lang, string>> = { 'zh-CN': '北京时间', en: 'CST' };

/** An instant as the reader expects it, in China Standard Time and saying so. */
export function formatTime(lang: Lang, iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const shown = date.toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: TIME_ZONE });
  return `${shown} ${TIME_ZONE_LABEL[lang]}`;
}

/** A `datetime-local` value typed by the reader, taken as China Standard Time, as an instant. */
export function instantOfLocalTime(value: string): string {
  const withSeconds = /T\d{2}:\d{2}$/.test(value) ? `${value}:00` : value;
  return new Date(`${withSeconds}+08:00`).toISOString();
}
