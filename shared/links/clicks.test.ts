import { describe, expect, it } from 'vitest';
import { clickDimensions, countryCode, deviceClass, isBotUserAgent, utcDay } from './clicks';

const IPHONE_WECHAT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40(0x18002831) NetType/WIFI Language/zh_CN';
const ANDROID_PHONE = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36';
const ANDROID_TABLET = 'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
const IPAD = 'Mozilla/5.0 (iPad; CPU OS 16_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.0 Mobile/15E148 Safari/604.1';
const MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';

describe('isBotUserAgent', () => {
  it.each([
    ['Googlebot', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'],
    ['WhatsApp preview', 'WhatsApp/2.23.20.0 A'],
    ['Telegram preview', 'TelegramBot (like TwitterBot)'],
    ['Facebook unfurl', 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'],
    ['Slack unfurl', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)'],
    ['Baidu', 'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)'],
    ['ByteDance', 'Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)'],
    ['headless Chrome', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36'],
    ['python', 'python-requests/2.31.0'],
    ['empty', ''],
    ['missing', undefined],
  ])('%s is a bot', (_n, ua) => expect(isBotUserAgent(ua)).toBe(true));

  it.each([
    ['WeChat on iPhone', IPHONE_WECHAT],
    ['Android phone', ANDROID_PHONE],
    ['iPad', IPAD],
    ['Mac Safari', MAC],
    ['curl (a person testing their link)', 'curl/8.5.0'],
  ])('%s is a person', (_n, ua) => expect(isBotUserAgent(ua)).toBe(false));
});

describe('deviceClass', () => {
  it.each([
    [IPHONE_WECHAT, 'mobile'],
    [ANDROID_PHONE, 'mobile'],
    [ANDROID_TABLET, 'tablet'],
    [IPAD, 'tablet'],
    [MAC, 'desktop'],
    ['curl/8.5.0', 'desktop'],
    [undefined, 'desktop'],
  ])('%s → %s', (ua, expected) => expect(deviceClass(ua)).toBe(expected));
});

describe('countryCode', () => {
  it.each([
    ['CN', 'CN'],
    ['US', 'US'],
    ['T1', 'XX'],
    ['cn', 'XX'],
    ['', 'XX'],
    [undefined, 'XX'],
    [null, 'XX'],
  ])('%s → %s', (cf, expected) => expect(countryCode(cf)).toBe(expected));
});

describe('clickDimensions', () => {
  it('counts a click in total, its device and its country', () => {
    expect(clickDimensions({ device: 'mobile', country: 'CN' })).toEqual(['total', 'device:mobile', 'country:CN']);
  });
});

describe('utcDay', () => {
  it('uses UTC, not local time', () => {
    expect(utcDay(Date.UTC(2026, 0, 31, 23, 59, 59))).toBe('2026-01-31');
    expect(utcDay(Date.UTC(2026, 1, 1, 0, 0, 0))).toBe('2026-02-01');
  });
});
