// Common Persian given names and surnames, for synthetic applicants only.
export const FIRST_NAMES = ['علی', 'محمد', 'حسین', 'رضا', 'مهدی', 'زهرا', 'فاطمه', 'مریم', 'سارا', 'نرگس', 'امیر', 'حمید', 'یاسمن', 'کوثر', 'مهسا', 'سعید', 'یوسف', 'نیلوفر', 'کاوه', 'پریسا'];
export const LAST_NAMES = ['رضایی', 'محمدی', 'حسینی', 'احمدی', 'کریمی', 'موسوی', 'جعفری', 'قاسمی', 'صادقی', 'کاظمی', 'یزدانی', 'عبدالله‌زاده', 'نوروزی', 'طاهری', 'شریفی', 'کیانی', 'بهرامی', 'رحیمی', 'میرزایی', 'فرهادی'];
export const WORKSHOP_WORDS = ['کارگاه', 'فروشگاه', 'آموزشگاه', 'رستوران', 'آرایشگاه', 'تولیدی', 'باشگاه', 'دفتر خدمات'];

/** The given names above that are women's (the rest are men's), for the registry's gender. */
export const FEMALE_FIRST_NAMES: ReadonlySet<string> = new Set(['زهرا', 'فاطمه', 'مریم', 'سارا', 'نرگس', 'یاسمن', 'کوثر', 'مهسا', 'نیلوفر', 'پریسا']);
export const MALE_FIRST_NAMES = FIRST_NAMES.filter((n) => !FEMALE_FIRST_NAMES.has(n));
