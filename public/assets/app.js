/* Shared helpers of every page: the API client, login state, Chinese error texts, small DOM helpers.
 * Pages call the same JSON API as any other client; the bearer token is kept in localStorage. */
(function () {
  'use strict';
  const TOKEN_KEY = 'contest.token';
  const USER_KEY = 'contest.user';
  const LINK_KEY = 'judge.link'; // a judge's private link kept on the device

  /** Chinese text for the API's stable error codes; features add theirs with App.addErrorTexts. */
  const ERROR_TEXTS = {
    VALIDATION_FAILED: '输入有误',
    INVALID_ID_NUMBER: '身份证号无效',
    UNAUTHENTICATED: '请先登录',
    INVALID_CREDENTIALS: '用户名或密码错误',
    ROLE_FORBIDDEN: '当前账号无权进行此操作',
    OUT_OF_SCOPE: '无权访问其他单位的数据',
    NOT_FOUND: '未找到',
    CONFLICT: '与已有数据冲突',
    DUPLICATE_ID_NUMBER: '身份证号已存在',
    PAYLOAD_TOO_LARGE: '文件过大',
    TOO_MANY_REQUESTS: '操作过于频繁，请稍后再试',
    INTERNAL_ERROR: '服务器内部错误',
    NETWORK: '网络连接失败',
  };

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.message) || 'HTTP ' + status);
      this.status = status;
      this.code = (body && body.code) || 'HTTP_' + status;
      this.details = (body && body.details) || [];
      this.body = body;
    }
    /** A Chinese sentence for the page. */
    get text() {
      const base = ERROR_TEXTS[this.code] || this.message;
      return base + (this.code in ERROR_TEXTS && this.message && !/^Validation failed/.test(this.message) ? '（' + this.message + '）' : '');
    }
  }

  function token() { return localStorage.getItem(TOKEN_KEY); }
  function user() { try { return JSON.parse(localStorage.getItem(USER_KEY) || 'null'); } catch { return null; } }

  /**
   * Calls the API; returns parsed JSON (or a Blob for binary answers); throws ApiError.
   * opts.link: a judge's private link, sent instead of the login token (a 401 then logs nobody out);
   * opts.token: null sends no token (public pages), a string sends that one.
   */
  async function api(method, path, body, opts) {
    const headers = Object.assign({}, (opts && opts.headers) || {});
    const link = opts && opts.link;
    const t = opts && 'token' in opts ? opts.token : token();
    if (link) headers['X-Judge-Link'] = link;
    else if (t) headers.Authorization = 'Bearer ' + t;
    let payload;
    if (body instanceof FormData || body instanceof Blob) payload = body;
    else if (body !== undefined) { headers['Content-Type'] = 'application/json'; payload = JSON.stringify(body); }
    let res;
    try {
      res = await fetch(path, { method, headers, body: payload });
    } catch (e) {
      throw new ApiError(0, { code: 'NETWORK', message: String(e && e.message) });
    }
    const type = res.headers.get('content-type') || '';
    if (!res.ok) {
      const errBody = type.includes('json') ? await res.json().catch(() => null) : null;
      if (res.status === 401 && !link && !(opts && opts.noRedirect)) { logout(false); }
      throw new ApiError(res.status, errBody);
    }
    if (res.status === 204) return null;
    if (type.includes('json')) return res.json();
    if (type.startsWith('text/')) return res.text();
    return res.blob();
  }

  /**
   * A judge's private link: taken from the address (#k=…, then dropped from the address bar and
   * kept on the device), else the one kept earlier when nobody is logged in; null otherwise.
   */
  function judgeLink() {
    const fromHash = /(?:^#|&)k=([A-Za-z0-9_-]{43})/.exec(location.hash);
    if (fromHash) {
      localStorage.setItem(LINK_KEY, fromHash[1]);
      history.replaceState(null, '', location.pathname + location.search);
      return fromHash[1];
    }
    return token() ? null : localStorage.getItem(LINK_KEY);
  }

  async function login(username, password) {
    const r = await api('POST', '/api/auth/login', { username, password }, { noRedirect: true });
    localStorage.setItem(TOKEN_KEY, r.accessToken);
    localStorage.setItem(USER_KEY, JSON.stringify(r.account || r.user || null));
    return r;
  }

  function logout(go) {
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(USER_KEY);
    if (go !== false) location.href = '/login.html';
    else if (!/login\.html/.test(location.pathname)) location.href = '/login.html?next=' + encodeURIComponent(location.pathname + location.search);
  }

  /** A school's entrant-list state: its name and badge colour (school and district pages). */
  const LIST_STATE = {
    'not-started': ['未开始', ''],
    draft: ['填报中', 'info'],
    submitted: ['已提交', 'ok'],
    late: ['逾期未提交', 'bad'],
    extended: ['已延期', 'warn'],
  };

  /** Round names, and an advanced entrant's source and status (draw ceremony, public draw page, advancement). */
  const ROUND_NAME = { preliminary: '初赛', semifinal: '复赛', final: '决赛' };
  const ENTRANT_SOURCE = { recommended: '推荐', drawn: '抽取', reserve: '递补', 're-recommended': '再推荐' };
  const ENTRANT_STATUS = { active: '有效', withdrawn: '已退出', disqualified: '已取消资格' };
  /** The default preset's group names, for pages that have no contest at hand (a judge's link). */
  const DEFAULT_GROUPS = [
    { code: 'primary-youth', name: '小学青年组' },
    { code: 'junior-youth', name: '初中青年组' },
    { code: 'senior', name: '中老年组' },
  ];

  /**
   * The one label source of the pages: a contest's names of its groups, subjects and rounds (its
   * own groups and subjects, as the contest data configures them; the default groups when a page
   * has no contest).
   */
  function labelsOf(contest) {
    const groups = (contest && contest.settings && contest.settings.groups) || DEFAULT_GROUPS;
    const groupName = Object.fromEntries(DEFAULT_GROUPS.concat(groups).map((g) => [g.code, g.name]));
    const subjectName = Object.fromEntries(((contest && contest.subjects) || []).map((x) => [x.code, x.name]));
    return {
      groups,
      group: (code) => groupName[code] || code,
      subject: (code) => subjectName[code] || code,
      round: (code) => ROUND_NAME[code] || code,
    };
  }

  const labelCache = new Map();
  /** labelsOf the contest with this id (fetched once per page). */
  function contestLabels(contestId) {
    if (!labelCache.has(contestId)) labelCache.set(contestId, api('GET', `/api/contests/${contestId}`).then(labelsOf, () => labelsOf(null)));
    return labelCache.get(contestId);
  }

  /** Where each role works: its landing page after login and the header's 工作台 link. */
  const HOME = { city_admin: '/city.html', district_admin: '/district.html', school_admin: '/school.html', judge: '/judge.html' };

  /** Makes sure someone is logged in with one of the roles; returns the account. */
  async function requireLogin(roles) {
    if (!token()) { logout(false); throw new Error('not logged in'); }
    const me = await api('GET', '/api/auth/me');
    localStorage.setItem(USER_KEY, JSON.stringify(me));
    if (roles && !roles.includes(me.role)) { toast('当前账号无权访问此页面'); throw new Error('wrong role'); }
    const who = document.getElementById('who');
    if (who) who.textContent = me.displayName || me.username;
    const home = document.getElementById('home');
    if (home) home.href = HOME[me.role] || '/login.html';
    return me;
  }

  /** h('tag.class', {attrs}, ...children): a tiny element builder (text children are escaped). */
  function h(spec, attrs, ...children) {
    const [tag, ...classes] = spec.split('.');
    const el = document.createElement(tag || 'div');
    if (classes.length) el.className = classes.join(' ');
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, String(v));
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
    return el;
  }

  let toastTimer;
  function toast(text) {
    let el = document.getElementById('toast');
    if (!el) { el = h('div', { id: 'toast', role: 'status' }); document.body.append(el); }
    el.textContent = text;
    el.style.display = 'block';
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { el.style.display = 'none'; }, 4000);
  }

  /** Shows an error in a notice element (and returns it): the Chinese text plus each detail. */
  function showError(target, err) {
    target.replaceChildren();
    target.className = 'notice error';
    target.append(h('div', {}, err instanceof ApiError ? err.text : String(err && err.message || err)));
    if (err instanceof ApiError && err.details && err.details.length) {
      target.append(h('ul', {}, err.details.map((d) => h('li', {}, d.messageZh || ((d.field ? d.field + '：' : '') + d.message)))));
    }
    return target;
  }

  function addErrorTexts(texts) { Object.assign(ERROR_TEXTS, texts); }

  /** Downloads an authenticated file (Excel, JSON) under a file name. */
  async function download(path, filename) {
    const blob = await api('GET', path);
    const data = blob instanceof Blob ? blob : new Blob([typeof blob === 'string' ? blob : JSON.stringify(blob, null, 2)]);
    const a = h('a', { href: URL.createObjectURL(data), download: filename });
    document.body.append(a); a.click(); a.remove();
  }

  window.App = { HOME, LINK_KEY, LIST_STATE, ROUND_NAME, ENTRANT_SOURCE, ENTRANT_STATUS, labelsOf, contestLabels, api, judgeLink, ApiError, login, logout, token, user, requireLogin, h, toast, showError, addErrorTexts, download, ERROR_TEXTS };
})();
