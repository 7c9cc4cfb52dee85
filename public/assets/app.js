/* Shared helpers of every page: the API client, login state, Chinese error texts, small DOM helpers.
 * Pages call the same JSON API as any other client; the bearer token is kept in localStorage. */
(function () {
  'use strict';
  const TOKEN_KEY = 'contest.token';
  const USER_KEY = 'contest.user';
  const LINK_KEY = 'judge.link'; // a judge's private link kept on the device

  /**
   * The one catalogue of Chinese messages, one per stable error code of the API (a test holds it
   * to the server's list). Pages show these, never the API's English `message`.
   */
  const ERROR_TEXTS = {
    // Request and login
    VALIDATION_FAILED: '输入有误，请按提示修改',
    MALFORMED_REQUEST: '请求格式有误',
    INVALID_ID_NUMBER: '身份证号无效',
    INVALID_SUBJECT: '学科不在本次比赛的学科列表中',
    INVALID_STAGE: '学段有误',
    INVALID_SCOPE: '所选单位与账号角色不符',
    INVALID_CONTEST_SETTINGS: '比赛设置有误',
    INVALID_ID: '编号有误，请从列表中重新选择',
    NOTHING_TO_CHANGE: '没有需要修改的内容',
    WEAK_PASSWORD: '密码强度不够：至少10个字符，不能与用户名相同，不能使用常见密码',
    LOGIN_RATE_LIMITED: '登录尝试次数过多，请稍后再试',
    UNAUTHENTICATED: '请先登录',
    INVALID_CREDENTIALS: '用户名或密码错误',
    ROLE_FORBIDDEN: '当前账号无权进行此操作',
    OUT_OF_SCOPE: '无权访问其他单位的数据',
    PAYLOAD_TOO_LARGE: '提交的内容过大',
    UNSUPPORTED_MEDIA_TYPE: '提交的内容格式不受支持',
    TOO_MANY_REQUESTS: '操作过于频繁，请稍后再试',
    INTERNAL_ERROR: '服务器内部错误，请稍后再试',
    SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后再试',
    NETWORK: '网络连接失败，请检查网络后重试',
    // Not found
    NOT_FOUND: '未找到',
    CITY_NOT_FOUND: '尚未设置市级信息',
    DISTRICT_NOT_FOUND: '未找到该区县',
    SCHOOL_NOT_FOUND: '未找到该学校',
    TEACHER_NOT_FOUND: '未找到该教师',
    CONTEST_NOT_FOUND: '未找到该比赛',
    ROUND_NOT_FOUND: '未找到该轮次',
    ACCOUNT_NOT_FOUND: '未找到该账号',
    // Registry conflicts
    CONFLICT: '与已有数据冲突',
    DUPLICATE_ID_NUMBER: '身份证号已登记',
    DUPLICATE_DISTRICT_CODE: '区县代码已存在',
    DUPLICATE_SCHOOL_CODE: '学校代码已存在',
    DUPLICATE_CONTEST_CODE: '比赛代码已存在',
    DUPLICATE_USERNAME: '用户名已存在',
    REFERENCE_CONFLICT: '该记录仍被其他数据引用，不能删除',
    SCHOOL_STAGE_LOCKED: '学校已有登记教师，不能修改学段',
    SUBJECT_IN_USE: '仍有教师任教该学科，不能删除',
    // Entrant lists, exemptions, Excel
    DEADLINE_PASSED: '已过截止日期，不能再提交或修改',
    LIST_LOCKED: '名单已提交并锁定，如需修改请先重新打开',
    LIST_NOT_SUBMITTED: '名单尚未提交',
    LIST_EMPTY: '本校还没有登记教师',
    EXEMPTIONS_PENDING: '还有未审批完的免赛申请，请先处理再提交',
    RESULTS_EXIST: '初赛成绩已录入，不能重新打开',
    ENTRANTS_ON_PANEL: '名单中的选手已分入评审组，请先从评审组中移出，再重新打开',
    ENTRANT_IN_OTHER_LIST: '有教师已在其他学校的名单中',
    CONTEST_NOT_CURRENT: '该比赛已不是本年度比赛',
    INVALID_EXTENSION: '延期日期无效',
    EXEMPTION_NOT_FOUND: '未找到该免赛申请',
    EXEMPTION_EXISTS: '该教师已有免赛申请',
    EXEMPTION_WRONG_STATE: '申请当前状态不能进行此操作',
    EXEMPTION_NOT_QUALIFIED: '不符合临近退休免赛条件',
    TEACHER_EXCLUDED: '该教师本就不参赛',
    NOT_XLSX: '文件不是 Excel（.xlsx）格式',
    EMPTY_SHEET: '表格是空的',
    WRONG_COLUMNS: '表头（列名）与模板不一致',
    TOO_MANY_ROWS: '数据行过多',
    FILE_REQUIRED: '请选择要上传的文件',
    FILE_TOO_LARGE: '文件过大（不超过2 MB）',
    INVALID_ROWS: '表格中有错误，整个文件未保存',
    EMPTY_FILE: '文件是空的（0字节），请重新选择',
    FILE_TOO_COMPLEX: '文件过于庞大或复杂，不像是一份教师名单',
    CONFIRM_TOKEN_INVALID: '确认码无效，请重新上传预览',
    UPLOAD_FILE_CHANGED: '文件与预览时的不同，请重新上传预览',
    UPLOAD_PREVIEW_STALE: '预览之后名单已有变动，请重新上传预览',
    // Judging
    INVALID_SHEET: '评分表不符合要求（各项分值合计须为100分）',
    INVALID_SCORES: '分数不符合评分表要求',
    INVALID_DRAW: '抽签参数有误',
    INVALID_ORDER: '顺序须包含本组全部选手且各一次',
    PANEL_NOT_FOUND: '未找到该评审组',
    ENTRANT_NOT_FOUND: '未找到该选手',
    SHEET_NOT_FOUND: '未找到该评分表',
    LINK_NOT_FOUND: '未找到该链接',
    NOT_ON_PANEL: '不是本评审组的评委',
    NOT_HEAD_JUDGE: '仅评委组长可以操作',
    RESULTS_NOT_ANNOUNCED: '成绩尚未公布',
    JUDGE_CONFLICT: '回避：评委与选手同校（决赛同区），不能为其打分',
    NOT_A_JUDGE: '该账号不是评委账号',
    ENTRANT_NOT_ELIGIBLE: '选手不属于本评审组的轮次、组别或单位',
    DUPLICATE_PANEL_CODE: '评审组编号已存在',
    ALREADY_ON_PANEL: '已在评审组中',
    HEAD_JUDGE_EXISTS: '本组已有组长',
    PANEL_LOCKED: '本组评分已锁定',
    PANEL_NOT_LOCKED: '请先锁定评分再公布',
    PANEL_INCOMPLETE: '尚有评委未提交全部评分，不能锁定',
    ORDER_FIXED: '出场顺序已不能修改（已有评分或已抽签）',
    DRAW_ALREADY_RUN: '已经抽过签，抽签只进行一次',
    SCORES_EXIST: '已有评分，不能移除',
    PANEL_SCORED: '本评审组已有评分，学科、组别、考场和场次不能再修改',
    PANEL_PLANNED: '该评审组由编排方案生成，学科和组别请通过重新编排修改',
    SHEET_SUBMITTED: '该评分表已提交，不能修改',
    SHEET_NOT_SUBMITTED: '只能退回已提交的评分表',
    CLIENT_ID_REUSED: '重复的提交编号',
    SHEET_CONFLICT: '评分表刚被修改，请刷新',
    SHEET_STALE: '评分表已在另一台设备上修改',
    SHEET_IN_USE: '已有评委按此评分表打分，不能修改',
    // Quotas, recommendations, the draw
    LISTS_NOT_SUBMITTED: '还有学校未提交初赛名单，暂不能分配复赛名额',
    DRAWS_NOT_PUBLISHED: '还有区县未公布复赛抽签结果，暂不能分配决赛名额',
    ALLOCATION_NOT_FOUND: '未找到名额分配',
    ALLOCATION_FROZEN: '推荐已经开始，名额分配已锁定',
    INVALID_ALLOCATION: '名额分配参数有误',
    RECOMMENDATION_COUNT: '推荐人数必须恰好等于推荐名额',
    RECOMMENDATION_DUPLICATE: '同一人不能重复推荐',
    RECOMMENDATION_NOT_IN_UNIT: '只能推荐本单位的选手',
    RECOMMENDATION_NOT_ELIGIBLE: '该选手不符合推荐条件（未参赛、已退出或已晋级）',
    RECOMMENDATION_DEADLINE_PASSED: '已过推荐截止日期',
    POOL_FROZEN: '抽签池已冻结，推荐不能再更改',
    RECOMMENDATIONS_INCOMPLETE: '还有单位未完成推荐，且推荐截止日期未到',
    DRAW_NOT_FOUND: '未找到该抽签',
    DRAW_WRONG_STATE: '抽签当前状态不能进行此步骤',
    ENTROPY_BEFORE_ANNOUNCEMENT: '公告发布前不能录入随机源数值',
    INVALID_ENTROPY: '随机源数值有误：须与公告的随机源一一对应且不能为空',
    ENTRANT_NOT_ACTIVE: '该选手不在有效晋级名单中',
    NO_PLACE_TO_FILL: '该名额已补足',
    // Round planning, judge pools, cards, scoring dates
    INVALID_PLAN: '无法按此条件编排评审组',
    SESSION_OUTSIDE_ROUND: '场次日期不在本轮比赛日期内',
    ROUND_NOT_SCHEDULED: '本轮尚未安排比赛日期',
    PLAN_STARTED: '本轮已开始评分，不能重新编排',
    ENTRANTS_ON_PANELS: '部分选手已在手工创建的评审组中，请先移出',
    OUTSIDE_ROUND_DATES: '今天不在本轮的评分日期内',
    INVALID_SCORING_EXTENSION: '延期日期须晚于本轮最后一天且不早于今天',
    NOT_A_JUDGE_ACCOUNT: '所选账号不是有效的评委账号',
    ALREADY_IN_POOL: '该评委已在评委库中',
    NOT_IN_POOL: '该评委不在评委库中',
    PROBLEM_NOT_FOUND: '未找到该问题',
    PLAN_CHANGED: '本轮编排刚被其他操作更改，请刷新后重试',
    ALREADY_ASSIGNED: '各评审组的评委已分配齐，无需再次分配',
    // Public announcements and objections
    NOTICE_NOT_FOUND: '未找到该公示',
    NOTICE_EXISTS: '该名单已发布公示，更正请发布补充公示',
    LIST_NOT_READY: '名单尚未确定，暂不能公示',
    NOTICE_WINDOW_CLOSED: '公示期已结束，不再受理异议',
    OBJECTION_NOT_FOUND: '未找到该回执码对应的异议，请核对回执码',
    OBJECTION_RESOLVED: '该异议已处理',
    LISTS_NOT_FINAL: '相关名单尚未公示结束，暂不能进行此操作',
    OBJECTION_RATE_LIMITED: '提交过于频繁，请一小时后再试',
    // Prizes, awards and certificates
    RESULTS_NOT_LOCKED: '本轮尚有评审组成绩未锁定或未公布，暂不能计算奖项',
    AWARDS_WRONG_BODY: '本轮奖项应由组织单位计算和公示（复赛由区县教育局，决赛由市教育局）',
    AWARDS_PUBLISHED: '获奖名单已公示，不能重新计算；如需更正，请发布补充公示',
    AWARD_ROUND_NOT_FOUND: '未找到该轮获奖名单',
    AWARDS_NOT_FINAL: '获奖名单尚未最终确定（公示期未满或仍有异议未处理）',
    AWARDS_NOT_PUBLISHED: '获奖名单尚未公示',
    NOTICES_UNAVAILABLE: '公示功能暂不可用，请稍后再试',
    CERTIFICATE_NOT_FOUND: '未找到该证书',
    CERTIFICATE_REVOKED: '该证书所载奖项已撤销，证书无效',
    CERTIFICATE_PENDING: '该证书所载奖项正在补充公示中，公示期满后生效',
    AWARD_NOT_FOUND: '本轮获奖名单中没有该奖项',
    AWARD_NOT_ACTIVE: '该奖项已撤销，只能恢复，不能更正',
  };

  /** What a refused request says when its code is not in the catalogue (a newer server): by status. */
  function fallbackText(status) {
    if (status === 0) return ERROR_TEXTS.NETWORK;
    if (status === 401) return ERROR_TEXTS.UNAUTHENTICATED;
    if (status === 403) return ERROR_TEXTS.ROLE_FORBIDDEN;
    if (status === 404) return ERROR_TEXTS.NOT_FOUND;
    if (status === 409) return '操作与当前状态冲突，请刷新后重试';
    if (status === 413) return ERROR_TEXTS.PAYLOAD_TOO_LARGE;
    if (status === 429) return ERROR_TEXTS.TOO_MANY_REQUESTS;
    if (status >= 500) return ERROR_TEXTS.INTERNAL_ERROR;
    return '操作未能完成，请检查输入后重试';
  }

  /** Chinese names of request fields, for a detail the server sent without its own Chinese text. */
  const FIELD_NAMES = {
    name: '名称', code: '代码', idNumber: '身份证号', subject: '学科', subjects: '学科', gender: '性别', stage: '学段',
    username: '用户名', password: '密码', displayName: '姓名', role: '角色', districtId: '区县', schoolId: '学校',
    deadline: '截止日期', startsOn: '开始日期', endsOn: '结束日期', date: '日期', reason: '理由', scores: '分数',
    entrantIds: '选手', entrantId: '选手', accountId: '评委', session: '场次', round: '轮次', groupCode: '组别',
    file: '文件', sources: '随机源', entropy: '随机源数值', page: '页码', pageSize: '每页条数', year: '年份',
    isCentral: '是否中心校', inDistrictSeat: '是否位于区政府所在地', holidays: '节假日', rounds: '轮次',
    recommendationDeadline: '推荐截止日期', clientId: '提交编号', items: '评分项', points: '分值', active: '是否启用',
    sessions: '场次', rooms: '考场', maxPanelSize: '每组最多选手', until: '延期日期', phone: '手机号', judgeSchoolId: '评委所在学校',
    kind: '问题类型', note: '说明', baseUrl: '网址', accountIds: '评委', add: '增加的评委', remove: '移出的评委', panelId: '评审组',
  };
  /** Chinese names of the validation rules the server names in `details[].rule`. */
  const RULE_TEXTS = {
    isInt: '须为整数', isNumber: '须为数字', isString: '须为文字', isNotEmpty: '不能为空', isDefined: '必须填写',
    required: '必须填写', maxLength: '过长', minLength: '过短', length: '长度不符合要求', isIn: '不是可选的值',
    isEnum: '不是可选的值', isBoolean: '须为“是”或“否”', min: '过小', max: '过大', isArray: '须为列表',
    arrayMinSize: '数量过少', arrayMaxSize: '数量过多', arrayUnique: '不能重复', matches: '格式不正确',
    isDateString: '须为日期', isISO8601: '须为日期', isDate: '须为日期', unknown: '不是可接受的内容',
    whitelistValidation: '不是可接受的内容', unique: '已存在', isObject: '格式不正确', nested: '格式不正确',
    'in-round': '不在本轮比赛日期内', 'after-round': '须晚于本轮最后一天', 'not-past': '不能早于今天', 'one-head': '只能有一名组长',
    'no-scores': '已有评分，不能移出', 'on-panel': '不在该评审组', 'not-on-panel': '已在其他评审组', 'conflict-school': '与选手同校，需回避',
    'conflict-district': '与选手同区，需回避', judge: '不是有效的评委账号', exists: '不存在', scope: '不在本单位范围内',
    isId: '编号有误', notNull: '不能为空', safeText: '含有不允许的控制字符', notUsername: '不能与用户名相同',
    notCommon: '过于常见，容易被猜到',
  };

  /** One detail of a refusal as a Chinese sentence (the server's own Chinese text when it sent one). */
  function detailText(d) {
    if (!d) return null;
    if (d.messageZh) return d.messageZh;
    const path = String(d.field || '').split('.');
    const field = FIELD_NAMES[path[0]];
    const rule = RULE_TEXTS[d.rule];
    if (!field && !rule) return null;
    const index = path.length > 1 && /^\d+$/.test(path[1]) && path[0] !== 'schools' ? `（第${Number(path[1]) + 1}项）` : '';
    return `${field || '某项输入'}${index}${rule || '不符合要求'}`;
  }

  // ---- times: always Beijing time, written the Chinese way (never ISO text)
  const BEIJING = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  /** '2026-12-11T02:25:56.757Z' → '2026年12月11日 10:25' (Beijing time); '' for nothing. */
  function time(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return '';
    const p = Object.fromEntries(BEIJING.formatToParts(d).map((x) => [x.type, x.value]));
    return `${p.year}年${p.month}月${p.day}日 ${p.hour}:${p.minute}`;
  }
  /** '2026-12-09' → '2026年12月9日' (a calendar date, no time zone involved). */
  function date(ymd) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd || '');
    return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : '';
  }

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.message) || 'HTTP ' + status);
      this.status = status;
      this.code = (body && body.code) || 'HTTP_' + status;
      this.details = (body && body.details) || [];
      this.body = body;
    }
    /** A Chinese sentence for the page (never the API's English message). */
    get text() {
      return ERROR_TEXTS[this.code] || fallbackText(this.status);
    }
    /** The details as Chinese sentences, those with nothing to say left out. */
    get detailTexts() {
      return this.details.map(detailText).filter(Boolean);
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
  /** A draw ceremony's state: its name and badge colour. */
  const DRAW_STATE = { frozen: ['抽签池已冻结', ''], announced: ['已发布公告', 'info'], entropy: ['已录入随机源', 'info'], run: ['已抽签，待公布', 'warn'], published: ['已公布', 'ok'] };

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
    target.append(h('div', {}, err instanceof ApiError ? err.text : '操作未能完成，请刷新页面后重试'));
    const lines = err instanceof ApiError ? err.detailTexts : [];
    if (lines.length) target.append(h('ul', {}, lines.map((t) => h('li', {}, t))));
    return target;
  }

  /** Downloads an authenticated file (Excel, JSON) under a file name. */
  async function download(path, filename) {
    const blob = await api('GET', path);
    const data = blob instanceof Blob ? blob : new Blob([typeof blob === 'string' ? blob : JSON.stringify(blob, null, 2)]);
    const a = h('a', { href: URL.createObjectURL(data), download: filename });
    document.body.append(a); a.click(); a.remove();
  }

  // ------------------------------------------------------------------ the page's own controls
  // The browser's date and time inputs and file chooser speak the browser's language (English on
  // most machines): every <input type=date> becomes three selects 年/月/日, every <input type=time>
  // two selects 时/分, and every <input type=file>
  // a button 「选择文件」 with the chosen file's name (「未选择文件」), all keyboard and touch
  // usable. The original input stays in the page (hidden) and keeps its id, name and value, so a
  // page reads and sets it as before.
  const VALUE = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
  const pad2 = (n) => String(n).padStart(2, '0');

  function labelOf(input, fallback = '日期') {
    const own = input.getAttribute('aria-label');
    if (own) return own;
    const label = input.closest('label') || (input.id && document.querySelector(`label[for="${input.id}"]`));
    const text = label ? [...label.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim() : '';
    return text || fallback;
  }

  /** A select of one part (年, 月, 日, 时, 分) of a control named `name`, its first option empty. */
  const partSelect = (cls, name, word, input) => h(`select.${cls}`, { 'aria-label': `${name}（${word}）`, required: input.required }, h('option', { value: '' }, word));

  /**
   * Puts `selects` in the page in place of `input`, which stays (hidden) with its id, name and
   * value: setting its value shows it in the selects (`show`), setting `disabled` disables them.
   * Answers `sync`, which stores the selects' value (`compose`) in the input and tells the page.
   */
  function replaceBySelects(input, groupClass, name, selects, show, compose) {
    const initial = VALUE.get.call(input);
    const sync = () => {
      VALUE.set.call(input, compose());
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    };
    input.type = 'hidden';
    input.after(h(`span.${groupClass}`, { role: 'group', 'aria-label': name }, ...selects));
    Object.defineProperty(input, 'value', { configurable: true, get() { return VALUE.get.call(input); }, set(v) { VALUE.set.call(input, v); show(v); } });
    Object.defineProperty(input, 'disabled', { configurable: true, get() { return input.hasAttribute('disabled'); }, set(v) { input.toggleAttribute('disabled', !!v); for (const s of selects) s.disabled = !!v; } });
    show(initial);
    if (input.disabled) for (const s of selects) s.disabled = true;
    return sync;
  }

  function dateControl(input) {
    if (input.dataset.zhDate) return;
    input.dataset.zhDate = '1';
    const thisYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
    const from = input.min ? Number(input.min.slice(0, 4)) : thisYear - 3;
    const to = input.max ? Number(input.max.slice(0, 4)) : thisYear + 3;
    const name = labelOf(input);
    const y = partSelect('zh-date-y', name, '年', input);
    const m = partSelect('zh-date-m', name, '月', input);
    const d = partSelect('zh-date-d', name, '日', input);
    for (let k = from; k <= to; k++) y.append(h('option', { value: String(k) }, `${k}年`));
    for (let k = 1; k <= 12; k++) m.append(h('option', { value: String(k) }, `${k}月`));
    const days = () => {
      const n = y.value && m.value ? new Date(Date.UTC(Number(y.value), Number(m.value), 0)).getUTCDate() : 31;
      const keep = d.value;
      d.replaceChildren(h('option', { value: '' }, '日'), ...Array.from({ length: n }, (_, i) => h('option', { value: String(i + 1) }, `${i + 1}日`)));
      d.value = keep && Number(keep) <= n ? keep : '';
    };
    const show = (v) => {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v || '');
      if (match && ![...y.options].some((o) => o.value === String(Number(match[1])))) y.append(h('option', { value: String(Number(match[1])) }, `${Number(match[1])}年`));
      y.value = match ? String(Number(match[1])) : '';
      m.value = match ? String(Number(match[2])) : '';
      days();
      d.value = match ? String(Number(match[3])) : '';
    };
    const compose = () => (y.value && m.value && d.value ? `${y.value}-${pad2(m.value)}-${pad2(d.value)}` : '');
    const sync = replaceBySelects(input, 'zh-date', name, [y, m, d], show, compose);
    y.addEventListener('change', () => { days(); sync(); });
    m.addEventListener('change', () => { days(); sync(); });
    d.addEventListener('change', sync);
  }

  /**
   * <input type=time> as two selects 时 (00–23) and 分 (every 5 minutes, and a stored value off that
   * step kept as it is); the hidden input holds "HH:MM" ('' until both are chosen; choosing the hour
   * first sets 00 minutes).
   */
  function timeControl(input) {
    if (input.dataset.zhTime) return;
    input.dataset.zhTime = '1';
    const name = labelOf(input, '时间');
    const hh = partSelect('zh-time-h', name, '时', input);
    const mm = partSelect('zh-time-m', name, '分', input);
    for (let k = 0; k < 24; k++) hh.append(h('option', { value: pad2(k) }, `${pad2(k)}时`));
    for (let k = 0; k < 60; k += 5) mm.append(h('option', { value: pad2(k) }, `${pad2(k)}分`));
    const show = (v) => {
      const match = /^([01]\d|2[0-3]):([0-5]\d)/.exec(v || '');
      if (match && ![...mm.options].some((o) => o.value === match[2])) {
        const after = [...mm.options].find((o) => o.value > match[2]);
        mm.insertBefore(h('option', { value: match[2] }, `${match[2]}分`), after || null);
      }
      hh.value = match ? match[1] : '';
      mm.value = match ? match[2] : '';
    };
    const sync = replaceBySelects(input, 'zh-time', name, [hh, mm], show, () => (hh.value && mm.value ? `${hh.value}:${mm.value}` : ''));
    hh.addEventListener('change', () => { if (hh.value && !mm.value) mm.value = '00'; sync(); });
    mm.addEventListener('change', sync);
  }

  function fileControl(input) {
    if (input.dataset.zhFile) return;
    input.dataset.zhFile = '1';
    const empty = '未选择文件';
    const name = h('span.file-name.muted', { 'aria-live': 'polite' }, empty);
    if (input.dataset.nameId) name.id = input.dataset.nameId;
    const button = h('button.file-pick', { type: 'button' }, input.dataset.pick || '选择文件');
    const label = input.closest('label');
    if (label && label.classList.contains('button')) {
      // A label styled as the button: its words become the button's.
      button.textContent = [...label.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim() || button.textContent;
      label.replaceWith(input);
    }
    input.classList.remove('hidden');
    input.classList.add('visually-hidden');
    input.tabIndex = -1;
    input.setAttribute('aria-hidden', 'true');
    input.after(button, name);
    button.addEventListener('click', () => input.click());
    const show = () => { name.textContent = input.files && input.files.length ? [...input.files].map((f) => f.name).join('、') : empty; };
    input.addEventListener('change', show);
    Object.defineProperty(input, 'value', { configurable: true, get() { return VALUE.get.call(input); }, set(v) { VALUE.set.call(input, v); show(); } });
    Object.defineProperty(input, 'disabled', { configurable: true, get() { return input.hasAttribute('disabled'); }, set(v) { input.toggleAttribute('disabled', !!v); button.disabled = !!v; } });
    button.disabled = input.disabled;
  }

  function ownControls(root) {
    if (!root.querySelectorAll) return;
    if (root.matches && root.matches('input[type=date]')) dateControl(root);
    if (root.matches && root.matches('input[type=time]')) timeControl(root);
    if (root.matches && root.matches('input[type=file]')) fileControl(root);
    root.querySelectorAll('input[type=date]').forEach(dateControl);
    root.querySelectorAll('input[type=time]').forEach(timeControl);
    root.querySelectorAll('input[type=file]').forEach(fileControl);
  }
  const start = () => {
    ownControls(document.body);
    new MutationObserver((changes) => { for (const c of changes) c.addedNodes.forEach(ownControls); }).observe(document.body, { childList: true, subtree: true });
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);

  window.App = { HOME, LINK_KEY, LIST_STATE, ROUND_NAME, ENTRANT_SOURCE, ENTRANT_STATUS, DRAW_STATE, labelsOf, contestLabels, api, judgeLink, ApiError, login, logout, token, user, requireLogin, h, toast, showError, download, ERROR_TEXTS, detailText, time, date, ownControls };
})();
