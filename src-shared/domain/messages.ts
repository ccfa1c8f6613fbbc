// Schemas report these keys, never prose, so one validation result can be shown in either
// language. This file stays free of zod: the i18n catalogue imports it in every process.

export const messageKeys = {
  required: 'validation.required',
  invalidType: 'validation.invalidType',
  nationalCodeLength: 'validation.nationalCode.length',
  nationalCodeChecksum: 'validation.nationalCode.checksum',
  nationalCodeRepeated: 'validation.nationalCode.repeated',
  mobileInvalid: 'validation.mobile.invalid',
  postalCodeInvalid: 'validation.postalCode.invalid',
  shebaInvalid: 'validation.sheba.invalid',
  workshopCodeInvalid: 'validation.workshopCode.invalid',
  nameInvalid: 'validation.name.invalid',
  nameLength: 'validation.name.length',
  moneyInvalid: 'validation.money.invalid',
  date: 'validation.date',
  number: 'validation.number',
  username: 'validation.username',
  reasonRequired: 'validation.reasonRequired',
  workersMin: 'validation.workersMin',
} as const;

export type DomainMessageKey = (typeof messageKeys)[keyof typeof messageKeys];

const fa: Record<DomainMessageKey, string> = {
  'validation.required': 'لطفاً این بخش را پر کنید.',
  'validation.invalidType': 'مقدار واردشده پذیرفته نیست.',
  'validation.nationalCode.length': 'کد ملی باید ۱۰ رقم باشد.',
  'validation.nationalCode.checksum': 'کد ملی معتبر نیست؛ لطفاً آن را دوباره از روی کارت ملی بخوانید.',
  'validation.nationalCode.repeated': 'کد ملی نمی‌تواند از ده رقم یکسان باشد.',
  'validation.mobile.invalid': 'شمارهٔ همراه باید ۱۱ رقم باشد و با ۰۹ آغاز شود (مانند ۰۹۱۲۳۴۵۶۷۸۹).',
  'validation.postalCode.invalid': 'کد پستی باید ۱۰ رقم باشد و در پنج رقم نخست آن ۰ و ۲ نیاید.',
  'validation.sheba.invalid': 'شمارهٔ شبا معتبر نیست؛ شبا با IR و ۲۴ رقم نوشته می‌شود.',
  'validation.workshopCode.invalid': 'کد کارگاهی تأمین اجتماعی باید ۷ تا ۱۰ رقم باشد.',
  'validation.name.invalid': 'نام فقط می‌تواند حرف فارسی یا لاتین، فاصله و نیم‌فاصله داشته باشد.',
  'validation.name.length': 'نام باید دست‌کم ۲ و حداکثر ۶۰ نویسه باشد.',
  'validation.money.invalid': 'لطفاً مبلغ را فقط با رقم وارد کنید؛ جداکنندهٔ هزارگان مجاز است.',
  'validation.date': 'تاریخ معتبر نیست؛ لطفاً آن را به شکل ۱۳۹۹/۰۵/۱۲ وارد کنید.',
  'validation.number': 'لطفاً یک عدد وارد کنید.',
  'validation.username': 'نام کاربری باید ۳ تا ۳۲ نویسه باشد، با حرف کوچک لاتین آغاز شود و فقط حرف کوچک لاتین، رقم، نقطه، زیرخط و خط تیره داشته باشد.',
  'validation.reasonRequired': 'برای این کار نوشتن دلیل لازم است.',
  'validation.workersMin': 'شمار کارکنان بیمه‌نشده دست‌کم ۱ نفر است.',
};

const en: Record<DomainMessageKey, string> = {
  'validation.required': 'Please fill in this field.',
  'validation.invalidType': 'The value entered is not accepted.',
  'validation.nationalCode.length': 'The national code must be 10 digits.',
  'validation.nationalCode.checksum': 'The national code is not valid; please read it again from the national card.',
  'validation.nationalCode.repeated': 'The national code cannot be ten identical digits.',
  'validation.mobile.invalid': 'The mobile number must be 11 digits starting with 09 (e.g. 09123456789).',
  'validation.postalCode.invalid': 'The postal code must be 10 digits, with no 0 or 2 in its first five digits.',
  'validation.sheba.invalid': 'The Sheba number is not valid; it is IR followed by 24 digits.',
  'validation.workshopCode.invalid': 'The social-security workshop code must be 7 to 10 digits.',
  'validation.name.invalid': 'A name may contain only Persian or Latin letters, spaces and half-spaces.',
  'validation.name.length': 'A name must be 2 to 60 characters long.',
  'validation.money.invalid': 'Please enter the amount in digits only; thousands separators are allowed.',
  'validation.date': 'The date is not valid; please enter it as 1399/05/12.',
  'validation.number': 'Please enter a number.',
  'validation.username': 'The username must be 3 to 32 characters, start with a lower-case Latin letter and contain only lower-case Latin letters, digits, dots, underscores and hyphens.',
  'validation.reasonRequired': 'A reason is required for this action.',
  'validation.workersMin': 'There must be at least 1 uninsured worker.',
};

export const domainMessages: { readonly fa: Readonly<Record<DomainMessageKey, string>>; readonly en: Readonly<Record<DomainMessageKey, string>> } = { fa, en };
