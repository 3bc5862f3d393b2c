"""The question a sentence of a note answers, asked the way a learner would ask it.

A fact card's front must ask something definite without giving the answer away. Opening
words ("Since the receiver sends cumulative……") ask nothing definite; most sentences in
study notes have one of a few shapes, and each shape names its own question:

* naming, "……这种情况就叫做拥塞" / "This is called X"   -> 什么是拥塞？ / What is X?
* definition, "X 是/是指/表示 ……" / "X is a/an/the ……"  -> 什么是 X？ / What is X?
  ("X 的 Y 是 ……" -> X 的 Y 是什么？; "X 表示 ……" -> X 表示什么？)
* purpose, "X 用于/用来/负责 ……" / "X is used to ……"     -> X 的作用是什么？ / What is X used for?
* parts, "X 分为/包括/由……组成" / "X consists of ……"     -> X 分为哪些？ / What does X consist of?
* comparison, "A 与 B 的区别……" / "Unlike A, B ……"        -> A 与 B 有什么区别？ / How does B differ from A?
* condition, "当 X 时，……" / "If X, ……"                   -> 当 X 时，会怎样？ / What happens if X?
  (one that sets variables, "当 X 时，将 ssthresh 设为……"  -> 当 X 时，ssthresh 如何设置？ / If X, how is ssthresh set?;
  one that chooses, "如果 X，则 A，否则 B"                 -> 如何判断 A 还是 B？ / What decides whether A or B?)
* cause, "因为 X，所以 Y" / "Y because X"                  -> 为什么 Y？ / Why …Y?
* quantity, "…… 设置为 16 个报文段"                        -> …… 设置为多少个报文段？
* an action, "X 维持/使用 ……" / "X sends ……"              -> X 维持什么？ / What does X send?

and, when none of these fits, how one thing stands to another (_zh_relation, _en_relation):

* dependence, "X 取决于/基于 ……" / "X depends on ……"       -> X 取决于什么？ / What does X depend on?
* means, "X 通过 Y 来 Z" / "X views Y as ……"               -> X 如何 Z？ / How does X view Y?
* a bound, "X 不能超过 ……" / "X should be larger than ……"  -> X 不能超过什么？ / What should X be larger than?
* whether, "X 不能/不 ……" / "X does not ……"               -> X 能否/是否 ……？ / Does X ……?
* a reason named, "X 的原因是 ……", a claim and its colon  -> 为什么 X？ / Why does X ……?
* when and how long, "X 在 ……以后才 Y", "X 持续到 ……",
  "X 收到 ……后 Y" / "X starts when ……", "X continues until ……" -> X 何时 Y？ / When does X start?
* what signs tell, "……，就可以认定 Y"                      -> 如何认定 Y？
* a report, "[Jacobson1988] 分析了 ……"                     -> what was said, asked by its own shape
* a meaning set against a wrong one, "X 不是指 A，而是指 B" / "X does not mean A, but B" -> X 指的是什么？ / What does X mean?
* a means to an end, "X uses Y to Z"                       -> How does X Z?

A `term：definition` is asked by its term (term_question), unless the definition is a
procedure that sets variables (procedure_question: "慢开始如何设置 cwnd？") or the term is
a label for a case over a condition (case_question: "异常情况：如果……" asks the condition).

Pure string work on one sentence: the caller (facts.py) decides which heading leads the
question and keeps the card's key (the question's wording is not its identity).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from tcpquiz.notes.text import fold, has_cjk, letters
from tcpquiz.text import HAN_RANGES


class Form(StrEnum):
    """The shape of sentence a question was made from."""

    NAMING = "naming"
    DEFINITION = "definition"
    PURPOSE = "purpose"
    PARTS = "parts"
    COMPARISON = "comparison"
    CONDITION = "condition"
    CAUSE = "cause"
    QUANTITY = "quantity"
    ACTION = "action"
    DEPENDENCE = "dependence"  # "X 取决于 Y" / "X depends on Y"
    MEANS = "means"  # "X 通过 Y 来 Z" / "X views Y as Z"
    LIMIT = "limit"  # "X 不能超过 Y" / "X should be larger than Y"
    YES_NO = "yes-no"  # "X 不能 Y" / "X does not Y": whether X does Y, and why not


# Forms whose question names its subject: they stand alone without the heading above them.
# A whether-question ("Does ACK flag cause increment?") names its subject but not the topic
# the note said it of: its heading leads it.
NAMED_FORMS = frozenset({Form.NAMING, Form.DEFINITION, Form.PURPOSE, Form.PARTS, Form.COMPARISON, Form.DEPENDENCE,
                         Form.MEANS, Form.LIMIT})


@dataclass(frozen=True)
class Question:
    text: str  # plain text, ending in ？ or ?
    form: Form
    subject: str | None = None  # what the question is about, when it names it
    # The wording the card's key is made of, when the question has been worded better since
    # its card was first made: the key, and so the card's history, stay (facts._asked).
    keyed: str | None = None


# A subject is a short noun phrase: longer than this (characters) it is a clause, and a
# question built on it reads like the sentence itself.
MAX_SUBJECT = 24
MAX_SUBJECT_WORDS = 6  # English: "the client-side TCP" is a subject, a whole clause is not
MIN_SUBJECT_LETTERS = 2
# A question is read at a glance: past this many characters it is the sentence again.
MAX_QUESTION = 60
MAX_QUESTION_LATIN = 110
# What a sentence must still say after the words the question takes, to be an answer.
MIN_ANSWER_LETTERS = 4
MIN_EFFECT_LETTERS = 6  # what a "为什么……？" asks about: "主动关闭方要等待" says who and what
# An action's object says more than an adjective: "要求高的场景" is no requirement stated.
MIN_ACTION_LETTERS = 6
MIN_QUANTITY_LEAD = 6  # "TCP 首部最大长度为" says what is counted; "但最少为" does not
# A bracketed aside this long is detail of the answer, not part of the question.
MAX_ASIDE = 8

_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
_ESCAPE = re.compile(r"\\(.)")
_SENTENCES = re.compile(r"(?<=[。！；!;])|(?<=\.)\s+(?=[A-Z" + HAN_RANGES + r"])")
_TRAILING = "。．.！!；;，,：: "

# Words that join a sentence to the one before it; the question starts after them.
_ZH_OPENER = re.compile(
    r"^(?:而且|而|但是|但|所以|因此|于是|另外|此外|同时|其中|也就是说|换句话说|换言之|相反|首先|其次|然后|最后(?![一的个])|"
    r"总之|总的来说|注意|并且|通常|一般来说|一般|实际上|事实上|显然|可见|具体来说|简单来说|当然|另一方面|例如|比如|"
    r"这样|答案|答|解答|所谓|注(?=[：:]))[，,：:]?\s*"
)
_EN_OPENER = re.compile(
    r"^(?:and|but|so|also|however|therefore|thus|hence|moreover|furthermore|in addition|in fact|note that|"
    r"recall that|remember that|notice that|note(?=:)|"
    r"in other words|that is|first|second|then|next|finally|typically|usually|generally|in practice|on average|"
    r"on the other hand|on the contrary|for example|for instance|in this (?:method|case|way|scheme|mode|approach))\b[,:]?\s*",
    re.IGNORECASE,
)

# -- Chinese -------------------------------------------------------------------------------

# A subject never starts with a pronoun or a preposition: "它是……" names nothing, and
# "在……中" / "对于……" open an adverbial, not a subject.
_ZH_NOT_SUBJECT_START = re.compile(
    r"^(?:这|那|它|其|该|此|他|她|我|你|在|当|如果|若|因为|由于|为了|对于|对|通过|随着|从|把|将|按|用|与|和|跟|"
    r"被|让|使|于|以|向|给|所|有|没有|每|只|也|都|还|就|又|不(?!必要的)|即|则|但|而|并|且|或|假定|假设|例如|比如|"
    r"前者|后者|两者|二者|前面|后面|上述|上面|下面|以上|以下|是|虽然|虽|尽管|即使|只要|只有|除了|大于|小于|等于|"
    # "确保 ACK 报文能够到达": a purpose opens with its verb; what follows is its object, not a subject
    r"确保|保证|防止|避免|以免|以防)"
)
# Adverbs at the end of the words before the verb belong to the verb: "流量控制往往是指".
_ZH_ADVERBS = re.compile(r"(?:往往|通常|一般|主要|其实|实际上|首先|就|也|都|总|则|便|还|又|只|仅|才|即|则|均)+$")
# A subject ending in a modal or causative has lost its verb to the pattern: "重传定时器使|用于".
_ZH_BROKEN_SUBJECT_END = ("的", "地", "得", "使", "可", "能", "会", "将", "要", "被", "把", "不", "没", "而")
# Characters that, before 是, make a word with it ("但是", "总是", "于是") rather than a verb.
_ZH_SHI_WORD = "但还总于或只要若凡可正真倒像算不就也都即"
_ZH_SUBJECT = r"(?P<subject>[^，,。；;：:！!？?（(“”\"]{2," + str(MAX_SUBJECT) + r"}?)"

_ZH_NAMING = re.compile(
    r"(?:叫做|叫作|称为|称作|被称为|被称作|简称为?|这就是|就是所谓的?|即所谓的?)\s*[“\"「]?"
    r"(?P<term>[^，,。；;：:“”\"「」（）()]{1,30}?)[”\"」]?\s*[。.！!]?$"
)
_ZH_PURPOSE = re.compile(r"^" + _ZH_SUBJECT + r"(?P<verb>适用于|使用于|用于|用来|用以|负责|是为了|的目的是|目的是|的目的在于|目的在于|旨在)(?P<rest>.+)$")
# "保活定时器可检测到……", "坚持定时器使窗口信息保持流动": what a mechanism can do, or makes
# happen, is its role; said of a person or a side ("发送方可以……") it is only an action.
_ZH_ROLE = re.compile(r"^" + _ZH_SUBJECT + r"(?P<verb>可以|可|能够|能|使|让)(?P<rest>.+)$")
ZH_MECHANISMS = ("器", "机制", "算法", "字段", "标志", "标志位", "选项", "协议", "窗口", "队列", "缓存", "报文", "首部")
_ZH_PARTS = re.compile(r"^" + _ZH_SUBJECT + r"(?P<verb>分为|分成|包括|包含|主要有|有以下|有如下|由)(?P<rest>.+)$")
_ZH_COMPARE = re.compile(
    r"^(?P<a>[^，,。；;是有在]{1,16}?)(?:与|和|跟|同)(?P<b>[^，,。；;是有在]{1,16}?)的?(?:最大的)?(?:区别|不同|差别|差异)"
)
_ZH_DEFINE = re.compile(r"^" + _ZH_SUBJECT + r"(?P<verb>是指|指的是|即是|就是|表示|代表|意味着|是)(?P<rest>.+)$")
_ZH_CONDITION = re.compile(
    r"^(?P<opener>当|如果|若是|若|假如|假设|一旦|每当|万一)?(?P<cond>[^，,。；;]{2,36}?)"
    r"(?P<end>时候|时|之后|以后|后|的话)?[，,：:](?P<rest>.+)$"
)
# The effect is one clause: the one a connective opens, else the one right after the cause.
_ZH_CAUSE_FIRST = re.compile(
    r"^(?:因为|由于)(?P<why>[^。；;]+?)[，,](?:[^。；;]*?[，,])?(?:所以|因此|因而|故|从而|于是)(?P<effect>[^，,。；;]+)"
    r"|^(?:因为|由于)(?P<why2>[^，,。；;]+)[，,](?P<effect2>[^，,。；;]+)[。；;]?$"
)
_ZH_CAUSE_AFTER = re.compile(r"^(?P<effect>[^。；;]{4,40}?)[，,](?:这|这是|是|正是)?(?:因为|由于|为了)(?P<why>[^。；;]+)$")
# "UDP 没有拥塞控制，所以它的发送速率没有限制": the reason first, its effect after 所以/因此.
_ZH_SO = re.compile(r"^(?P<why>[^。；;？?]{6,60}?)[，,]\s*(?:所以|因此|因而|故而|于是)(?P<effect>[^，,。；;]+)")
_ZH_GOAL_FIRST = re.compile(r"^为了(?P<goal>[^，,。；;]{2,30})[，,](?P<effect>[^。；;]+)$")
_ZH_ACTION = re.compile(
    r"^" + _ZH_SUBJECT + r"(?P<verb>维持|维护|使用|采用|需要|要求|规定|保证|确保|携带|选择|记录|提供|测量|检测|计算|标识|指示)"
    r"(?![的于])(?P<rest>.+)$"
)
# A quantity: digits and a unit; "M1", "2MSL" and "RFC 793" are names, not amounts.
_ZH_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.\-/=~～])\d+(?:\.\d+)?\s?(?=个|字节|次|秒|毫秒|分钟|小时|位|比特|倍|种|步|段|报文段|bytes?\b|bits?\b|ms\b)"
)


def _words(*words: str) -> re.Pattern[str]:
    """A quick test for any of `words`: one search in C, before a costlier pattern runs."""
    return re.compile("|".join(map(re.escape, words)))


_ZH_NAMING_WORDS = _words("叫", "称", "这就是", "所谓")
_ZH_COMPARE_WORDS = _words("区别", "不同", "差别", "差异")
_ZH_PURPOSE_WORDS = _words("适用于", "用于", "用来", "用以", "负责", "为了", "目的", "旨在")
_ZH_ROLE_WORDS = _words("可", "能", "使", "让")
_ZH_PARTS_WORDS = _words("分为", "分成", "包括", "包含", "主要有", "有以下", "有如下", "组成", "构成")
_ZH_DEFINE_WORDS = _words("是", "指", "表示", "代表", "意味着")
_ZH_ACTION_WORDS = _words("维持", "维护", "使用", "采用", "需要", "要求", "规定", "保证", "确保", "携带", "选择", "记录", "提供",
                          "测量", "检测", "计算", "标识", "指示")
_ZH_CAUSE_WORDS = _words("因为", "由于", "为了")
_ZH_POINTING_START = re.compile(r"^\s*(?:它|其|他们|它们|这|那|此)")
_ZH_SO_WORDS = _words("所以", "因此", "因而", "故而", "于是")
_ZH_OTHER_SUBJECT = re.compile(r"^[^，,]+[，,]\s*(?:而)?(?P<other>[^，,。；;]{1,12}?)(?:则)?是")
_ZH_CONNECTIVE = re.compile(r"^(?:所以|因此|因而|故|从而|于是|才|就)")
_ZH_CLAUSE_END = re.compile(r"[，,。；;]")
_ZH_NOT_COUNTED = re.compile(r"[=＝]\s*$|^(?:但|而|并|且|或|和)")
_EN_NAMING_WORDS = _words(" called ", " known as ", " referred to ", " termed ", " named ")
_EN_PARTS_WORDS = _words(" consist", " include", " made up", " divided", " has ")
_EN_CAUSE_WORDS = _words("because", "since ", "so that", "in order to")
_EN_DEFINE_WORDS = _words(" is ", " are ", " mean", " refer", " stands for ")
_EN_INTRANSITIVE = re.compile(r"(?:when|if|because|after|before|as|since|until|while|by)\b", re.IGNORECASE)
_EN_CLAUSE_END = re.compile(r"[,;]")
_EQUALS_END = re.compile(r"=\s*$")


def _mentions(text: str, words: re.Pattern[str]) -> bool:
    return words.search(text) is not None


_ZH_CLAUSE_IN_SUBJECT = re.compile(r"是否|并不|并没|不知道|不会|不能|没有|只有|只要|指的是|是指")


def _zh_subject(subject: str) -> str | None:
    subject = _ZH_ADVERBS.sub("", subject.strip()).strip()
    if _ZH_NOT_SUBJECT_START.match(subject) or subject.endswith(_ZH_BROKEN_SUBJECT_END):
        return None
    if _ZH_CLAUSE_IN_SUBJECT.search(subject):
        return None  # "TCP并不知道B方是否也" is a clause of its own, not a thing to ask about
    if letters(subject) < MIN_SUBJECT_LETTERS or len(subject) > MAX_SUBJECT:
        return None
    return subject


# "接收方窗口又称为通知窗口": a thing and its other name; asked for the other name.
_ZH_ALIAS = re.compile(
    r"(?:^|[，,])\s*(?P<subject>[^，,。；;]{2,24}?)(?P<verb>又称为|又称作|又叫做|又叫|也称为|也称作|也叫做|也叫|亦称|简称|俗称)"
    r"(?P<term>[^，,。；;]{1,30})"
)


# "X 并不是指 A，而是指 B": a meaning set against a wrong one.
_ZH_NOT_BUT = re.compile(r"^(?P<subject>[^，,。；;：:！!？?]{2,24}?)(?:并|其实|实际上)?(?:不是|并非)(?:指|说)(?P<wrong>[^。；;]{2,40}?)[，,]\s*而是(?:指|说)?(?P<rest>.{4,})$")


def _zh_naming(text: str) -> Question | None:
    """"……这种情况就叫做拥塞": what the words before the name describe is asked by the name;
    "A 又称为 B": A is named, and its other name is asked for."""
    if not _mentions(text, _ZH_NAMING_WORDS):
        return None
    if (m := _ZH_ALIAS.search(text)) and (subject := _zh_subject(m["subject"])):
        return Question(f"{subject}{m['verb']}什么？", Form.NAMING, subject)
    if (m := _ZH_NAMING.search(text)) and letters(text[:m.start()]) >= MIN_ANSWER_LETTERS:
        term = m["term"].split("的")[0].strip()  # "叫做拥塞窗口的状态变量": the name is before 的
        if letters(term) >= MIN_SUBJECT_LETTERS and not _ZH_NOT_SUBJECT_START.match(term):
            return Question(f"什么是{term}？", Form.NAMING, term)
    return None


def _naming(text: str) -> Question | None:
    return _zh_naming(text) if has_cjk(text) else _en_naming(text.rstrip(_TRAILING))


# "只是代表" is "代表" said modestly: the verb that defines is the one after it.
_ZH_HEDGE = re.compile(r"(?:只|仅仅?|不过|其实|实际上)是(?=代表|表示|意味着|指)")


def _zh(sentence: str) -> Question | None:
    text = _ZH_OPENER.sub("", sentence).strip()
    if "是" in text:
        text = _ZH_HEDGE.sub("", text)
    if question := _zh_naming(text):
        return question
    if question := _zh_reason(text):
        return question
    if "而是" in text and (m := _ZH_NOT_BUT.match(text)) and (subject := _zh_subject(re.sub(r"[\"“”「」]", "", m["subject"]))):
        # "慢开始的“慢”并不是指增长慢，而是指……": what it means, asked; the answer says what it does not
        return Question(f"{m['subject'].strip()}指的是什么？", Form.DEFINITION, subject)
    # Each shape is looked for only when its words are there: most sentences have none of
    # them, and a substring test costs far less than a regular expression.
    if _mentions(text, _ZH_COMPARE_WORDS) and (m := _ZH_COMPARE.match(text)) and not _ZH_NOT_SUBJECT_START.match(m["a"]):
        return Question(f"{m['a'].strip()}与{m['b'].strip()}有什么区别？", Form.COMPARISON, m["a"].strip())
    if _mentions(text, _ZH_PURPOSE_WORDS) and (m := _ZH_PURPOSE.match(text)):
        # "该重复的 ACK 的目的在于……": "该" (the said) points back, but a purpose is the thing's own
        subject = _zh_subject(m["subject"].removeprefix("该"))
        if subject and letters(m["rest"]) >= MIN_ANSWER_LETTERS:
            if m["verb"] == "适用于":
                return Question(f"{subject}适用于什么？", Form.PURPOSE, subject)
            asked = "目的" if m["verb"] in ("是为了", "的目的是", "目的是", "的目的在于", "目的在于", "旨在") else "作用"
            if m["verb"] == "负责":
                # "接收方负责排序": one duty of a party with many, asked as that duty, not "its role"
                return Question(f"{subject}负责什么？", Form.PURPOSE, subject, keyed=f"{subject}的作用是什么？")
            return Question(f"{subject}的{asked}是什么？", Form.PURPOSE, subject)
    if _mentions(text, _ZH_ROLE_WORDS) and (m := _ZH_ROLE.match(text)):
        subject = _zh_subject(m["subject"])
        if subject and _ASIDE_ANY.sub("", subject).endswith(ZH_MECHANISMS) and letters(m["rest"]) >= MIN_ACTION_LETTERS:
            return Question(f"{subject}的作用是什么？", Form.PURPOSE, subject)
    if _mentions(text, _ZH_PARTS_WORDS) and (m := _ZH_PARTS.match(text)):
        subject = _zh_subject(m["subject"])
        if subject and letters(m["rest"]) >= MIN_ANSWER_LETTERS:
            verb = m["verb"]
            if verb == "由":
                if "组成" not in m["rest"] and "构成" not in m["rest"]:
                    subject = None
                else:
                    return Question(f"{subject}由哪些部分组成？", Form.PARTS, subject)
            elif verb in ("分为", "分成"):
                return Question(f"{subject}{verb}哪些？", Form.PARTS, subject)
            else:
                return Question(f"{subject}{'包括' if verb in ('包括', '包含') else '有'}哪些？", Form.PARTS, subject)
    if question := _zh_condition(text):
        return question
    if question := _zh_quantity(text):
        return question
    # "X 是……的" describes X ("数据是单向传送的，……"); it does not say what X is.
    if _mentions(text, _ZH_DEFINE_WORDS) and (m := _ZH_DEFINE.match(text)) and not (m["verb"] == "是" and m["subject"][-1:] in _ZH_SHI_WORD) \
            and not m["rest"].startswith(("否", "不")) and not (m["verb"] == "是" and _first_clause(m["rest"]).endswith("的")):
        subject = _zh_subject(m["subject"])
        if subject and letters(m["rest"]) >= MIN_ANSWER_LETTERS:
            verb = m["verb"]
            # "IP 是主机之间的通信，TCP 是进程之间的通信": two things set side by side
            other = _ZH_OTHER_SUBJECT.match(m["rest"])
            if verb == "是" and other and _zh_subject(other["other"]) and fold(other["other"]) != fold(subject):
                return Question(f"{subject}与{other['other'].strip()}有什么区别？", Form.COMPARISON, subject)
            if verb in ("表示", "代表", "意味着"):
                return Question(f"{subject}{verb}什么？", Form.DEFINITION, subject)
            if "的" in subject:  # "慢开始的思路是……": an attribute of something, asked as such
                return Question(f"{subject}是什么？", Form.DEFINITION, subject)
            return Question(f"什么是{subject}？", Form.DEFINITION, subject)
    if question := _zh_cause(text):
        return question
    if _mentions(text, _ZH_ACTION_WORDS) and (m := _ZH_ACTION.match(text)):
        subject = _zh_subject(m["subject"])
        if subject and letters(m["rest"]) >= MIN_ACTION_LETTERS:
            verb = m["verb"] + ("了" if m["rest"].startswith("了") else "")
            if verb.startswith("规定") and (set_ := zh_settings(m["rest"])):
                # "慢开始规定，每收到一个确认，把拥塞窗口增加……": the rule is asked by what it changes
                return Question(f"{subject}规定{set_}？", Form.ACTION, subject, keyed=f"{subject}{verb}了什么？")
            asked = {"规定": "规定了什么？", "要求": "有什么要求？"}.get(verb, f"{verb}什么？")
            return Question(f"{subject}{asked}", Form.ACTION, subject)
    return _zh_relation(text)


def _first_clause(text: str) -> str:
    return _ZH_CLAUSE_END.split(text, maxsplit=1)[0].rstrip(_TRAILING)


def _zh_condition(text: str) -> Question | None:
    m = _ZH_CONDITION.match(text)
    if m is None or letters(m["rest"]) < MIN_ANSWER_LETTERS:
        return None
    if not m["opener"] and not m["end"]:
        return None  # a first clause is a condition only when it says so ("当……时", "如果……")
    if m["opener"] is None and (m["end"] == "的话" or not _bare_condition(m["cond"])):
        return None
    condition = text[:m.start("rest")].rstrip("，,：: ")
    asked = f"{condition}，会怎样？"
    if "否则" in m["rest"] and (either := _ZH_OTHERWISE.match(m["rest"].strip())):
        # "如果 X，则正在进行 A，否则正在进行 B": a test between two cases; asked which, and by what
        a, b = either["a"].strip(), either["b"].strip()
        if _ZH_STATE.match(a):
            # the words both cases open with are said once: "正在进行慢启动还是拥塞避免"
            shared = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            which = f"如何判断{a}还是{b[shared:]}？"
        else:
            which = f"什么时候{a}，什么时候{b}？"
        if len(which) <= MAX_QUESTION:
            return Question(which, Form.CONDITION, keyed=asked)
    if (set_ := zh_settings(m["rest"])) and len(f"{condition}，{set_}？") <= MAX_QUESTION:
        # "当拥塞发生时，ssthresh 被设置为……": what the condition changes is named in the question
        return Question(f"{condition}，{set_}？", Form.CONDITION, keyed=asked)
    # "当网络饱和时，不必要的重传会增加……": what the condition acts on is named in the question
    effect = _ZH_EFFECT_SUBJECT.match(m["rest"].strip())
    if effect and (subject := _zh_subject(effect["subject"])) and not _ZH_POINTING_START.match(subject):
        return Question(f"{condition}，{subject}会怎样？", Form.CONDITION, keyed=asked)
    return Question(asked, Form.CONDITION)


# What a rule sets: congestion control and timers are told as "将 ssthresh 设置为……",
# "置 cwnd 为 1", "cwnd 被设置为 1 个报文段", "调整门限值 ssthresh = 12". Asked "当……时，会怎样？"
# such a sentence does not say which of its facts is wanted; "ssthresh 和 cwnd 如何设置？" does.
_ZH_SET_VERBS = r"设置为|设置成|设置|设为|设成|置为|置成|调整为|调整|减为|降为|降到|减半|重置为|恢复为"
_ZH_GROW_VERBS = r"增加|增大|加倍|翻倍|减小|减少|缩小|加上|加"
# A variable is a name in Latin letters (cwnd, RTO) or a short Chinese noun (拥塞窗口).
_ZH_VARIABLE = r"(?:[" + HAN_RANGES + r"]{0,6}?\s?(?P<latin>[A-Za-z][A-Za-z0-9_]*)|(?P<noun>[" + HAN_RANGES + r"]{2,6}?))"
_ZH_SET_PATTERNS = (
    # "将 cwnd 设置为……", "把拥塞窗口增加……": the object before the verb
    re.compile(r"(?:将|把)\s?" + _ZH_VARIABLE + r"\s?(?:的值|的大小)?\s?(?:直接|立即|立刻|再|就|都)?(?P<verb>" + _ZH_SET_VERBS + "|" + _ZH_GROW_VERBS + ")"),
    # "置 cwnd 为 1", "设置拥塞窗口cwnd = 1", "调整门限值ssthresh = cwnd / 2"
    re.compile(r"(?P<verb>设置|置|设定|调整|设)\s?" + _ZH_VARIABLE + r"\s?(?:为|=|＝)"),
    # "ssthresh 被设置为……", "cwnd 减半"
    re.compile(r"(?:^|[，,；;]\s?|则\s?)(?:[" + HAN_RANGES + r"]{0,6}?)\s?(?P<latin>[A-Za-z][A-Za-z0-9_]*)\s?(?:被|就|会|则|也)*\s?"
               r"(?P<verb>" + _ZH_SET_VERBS + "|" + _ZH_GROW_VERBS + ")"),
)
_ZH_SET_WORDS = _words("设", "置", "调整", "减", "降", "恢复", "增", "加", "倍", "缩小")
# A question names at most this many variables: more, and it is a procedure to recite, not a fact.
MAX_SET_VARIABLES = 2


_ZH_STATE = re.compile(r"^(?:正在|处于|是|属于|还在|仍在)")
_ZH_OTHERWISE = re.compile(r"^(?:则|就|那么)?\s*(?P<a>[^，,。；;]{2,24})[，,]\s*(?:否则|不然)(?:则|就)?\s*(?P<b>[^，,。；;]{2,24})[。；;]?$")
_EN_OTHERWISE = re.compile(r"^(?:then )?(?P<a>[^,;]{3,60}?),? (?:otherwise|else|or else),? (?P<b>[^,;]{3,60})$", re.IGNORECASE)


def zh_settings(effect: str) -> str | None:
    """"ssthresh 和 cwnd 如何设置" for an effect that sets them, "cwnd 如何变化" for one that
    only grows or shrinks it; None when the effect sets no variable it names."""
    if not _mentions(effect, _ZH_SET_WORDS):
        return None  # most sentences set nothing: one search in C before three patterns
    found: list[tuple[int, str, bool]] = []
    for pattern in _ZH_SET_PATTERNS:
        for m in pattern.finditer(effect):
            name = (m["latin"] or m.groupdict().get("noun") or "").strip()
            if len(name) >= MIN_SUBJECT_LETTERS and not _ZH_NOT_SUBJECT_START.match(name):
                found.append((m.start(), name, re.fullmatch(_ZH_GROW_VERBS, m["verb"]) is None))
    names: list[str] = []
    for _, name, _ in sorted(found):
        if name.casefold() not in (n.casefold() for n in names):
            names.append(name)
    if not names or len(names) > MAX_SET_VARIABLES:
        return None
    how = "如何设置" if any(setting for _, _, setting in found) else "如何变化"
    return f"{'和'.join(names)}{how}"


# The first sentence of a definition: where a procedure says what it does first.
_FIRST_SENTENCE = re.compile(r"^[^。；;！!？?]*")


def procedure_question(term: str, said: str, chinese: bool) -> str | None:
    """"慢开始：先将 cwnd 设置为 1……" names a procedure by what it sets: asked "慢开始如何设置
    cwnd？" / "How does slow start set cwnd?" rather than "慢开始是什么？", which its answer does
    not answer. None when the first sentence of `said` sets no variable, or sets the term itself."""
    text = term.strip().rstrip("：:").strip()
    first = _FIRST_SENTENCE.match(readable(said).strip())
    if not text or first is None or letters(text) < MIN_SUBJECT_LETTERS or len(text) > MAX_SUBJECT:
        return None
    asked = zh_settings(first[0]) if chinese else en_settings(first[0])
    if asked is None or fold(text) in fold(asked):
        return None
    if _ZH_CASE.match(text) if chinese else _EN_CASE.match(text):
        # "若 SMSS > 2190 字节：cwnd 设为……" names a case, not a procedure: what it sets is asked in it
        return _tidy(f"{text}，{asked}？", said) if chinese else f"{text[:1].upper()}{text[1:]}, {asked}?"
    if chinese:
        names, how = asked[:-4], asked[-4:].replace("变化", "调整")  # "ssthresh 和 cwnd" + "如何设置"
        spaced = " " if text[-1:].isascii() else ""
        return _tidy(f"{text}{spaced}{how}{names}？", said)  # Latin names spaced from Chinese as the note spaces them
    m = re.fullmatch(r"how (?:are|is|do|does) (?P<names>.+) (?P<verb>set|change)", asked)
    if m is None:
        return None
    return f"How does {_lower_first(text) if len(text.split()) > 1 else text} {m['verb']} {m['names']}?"


# The subject of the clause after a condition: the words before a modal ("会", "将", "就").
_ZH_EFFECT_SUBJECT = re.compile(r"^(?P<subject>[^，,。；;：:]{2,12}?)(?:会|将|就会|就|便|仍然|仍)")


# Without "当/如果", a first clause ending in 时/后 is a condition only when it is short and
# says no more than when: "收到第 3 个重复的 ACK 时，……"; "A 详细分析了在……时" reports.
MAX_BARE_CONDITION = 20


def _bare_condition(condition: str) -> bool:
    return condition.startswith(("在", "每", "等到", "直到")) or (
        len(condition) <= MAX_BARE_CONDITION and "了" not in condition)


# "防止旧的请求又传到服务器，因而产生错误": a purpose; what follows 因而 is the harm it averts,
# not an effect to ask "为什么……？" of (the question would ask for the effect of the purpose).
_ZH_AVERTS = re.compile(r"^(?:防止|避免|以免|以防|防范|保证|确保)")


def _zh_cause(text: str) -> Question | None:
    if not _mentions(text, _ZH_CAUSE_WORDS) and not _mentions(text, _ZH_SO_WORDS):
        return None
    for pattern in (_ZH_CAUSE_FIRST, _ZH_GOAL_FIRST, _ZH_CAUSE_AFTER, _ZH_SO):
        m = pattern.match(text)
        if m is None or (pattern is _ZH_SO and _ZH_AVERTS.match(text)):
            continue
        groups = m.groupdict()
        effect = (groups.get("effect") or groups.get("effect2") or "").strip().rstrip(_TRAILING)
        if effect.startswith(("而", "但", "并且", "还是", "或")):
            continue  # "由于 A，而 B": B goes on with the reason; it is not what the reason explains
        effect = _ZH_CONNECTIVE.sub("", effect)
        if _ZH_POINTING_START.match(effect):
            continue  # "为什么它……？" leans on a subject the question does not show
        reason = groups.get("goal") or groups.get("why") or groups.get("why2") or ""
        if letters(effect) < MIN_EFFECT_LETTERS:
            continue  # "为什么产生错误？": an effect this short names not what it happens to
        if letters(reason) >= MIN_ANSWER_LETTERS:
            return Question(f"为什么{effect}？", Form.CAUSE)
    return None


def _zh_quantity(text: str) -> Question | None:
    m = _ZH_NUMBER.search(text)
    if m is None:
        return None
    clause_end = _ZH_CLAUSE_END.search(text, m.end())
    end = clause_end.start() if clause_end else len(text)
    before = text[:m.start()]
    clause_start = max(before.rfind("，"), before.rfind(","), before.rfind("："), before.rfind(":"))
    if len(before) > MAX_QUESTION // 2 and clause_start >= 0:
        before = before[clause_start + 1:]  # a long opening: the number's own clause asks
    # The words before the number must say what is counted: "但最少为" does not.
    if letters(before) < MIN_QUANTITY_LEAD or _ZH_NOT_COUNTED.search(before):
        return None
    if (pair := _ZH_SET_PAIR_FIRST.search(before)) and (second := _ZH_SET_PAIR_NEXT.match(text, end)):
        # "初始化 cwnd 为 1 个报文段，ssthresh 为 65535 个字节": both values are the fact, asked together
        return Question(f"{before[:pair.start('name')]}{pair['name']} 和 {second['name']} 各为多少？", Form.QUANTITY)
    asked = f"{before.rstrip()}多少{text[m.end():end].strip()}".strip()
    return Question(f"{asked.rstrip(_TRAILING)}？", Form.QUANTITY)


# A quantity set for one variable and, in the next clause, for another ("cwnd 为 1 个报文段，
# ssthresh 为 65535 个字节"): variables named in Latin letters, as notes name them.
_ZH_SET_PAIR_FIRST = re.compile(r"(?<![A-Za-z0-9_])(?P<name>[A-Za-z_][A-Za-z0-9_]{1,20})\s*(?:为|是|设为|设置为)\s*$")
_ZH_SET_PAIR_NEXT = re.compile(r"[，,]\s*(?P<name>[A-Za-z_][A-Za-z0-9_]{1,20})\s*(?:为|是|设为|设置为)\s*\d")


# -- Chinese: how one thing stands to another --------------------------------------------------
# Shapes tried when none above fits: without them such a sentence was asked by its opening
# ("TCP 输出例程的输出不能超过……"), which does not say which of its words are wanted.

# "拥塞窗口的大小取决于网络的拥塞程度": what X rests on is asked for.
_ZH_DEPENDS = re.compile(r"^" + _ZH_SUBJECT + r"(?:的大小|的值)?(?P<verb>取决于|决定于|依赖于|依赖|是基于|基于)(?P<rest>.+)$")
# "接收方通过接收窗口来告诉发送方……": how X does what it does is asked, the means is the answer.
_ZH_MEANS = re.compile(
    r"^" + _ZH_SUBJECT + r"(?:主要|就|都|也)?(?:是)?(?:通过|利用|借助)(?P<means>[^。；;]{2,40}?)(?:来|以|去)"
    r"(?P<goal>[^，,。；;]{4,30})"
)
# "TCP 输出例程的输出不能超过 cwnd 和……": a bound, asked for.
_ZH_LIMIT = re.compile(r"^" + _ZH_SUBJECT + r"(?P<verb>不能超过|不得超过|不应超过|不会超过|不超过|不能小于|不得小于|不小于|不能低于|不低于)(?P<rest>.+)$")
# "最后一次挥手中，客户端会等待一段时间再关闭的原因，是为了……": a reason stated as such.
_ZH_REASON = re.compile(r"^(?P<effect>[^。；;]{4,40}?)的(?:原因|理由)[，,]?\s*(?:是|在于|就是)(?:为了|因为|由于)?(?P<why>.+)$")
# "在 2MSL 时间内，同一个 socket 不能再被使用，……": whether it can, asked; the answer says no and why.
# An opening clause of place or time ("在……内，") stays in the question: it is what the "no" depends on.
_ZH_NEGATION = re.compile(
    r"^(?P<lead>(?:在|当)[^，,。；;]{2,20}[，,])?" + _ZH_SUBJECT
    + r"(?:并|也|都|还|却)?(?P<neg>不能|不可以|不可|无法|不会|不需要|不必|不用|不应该|不应|不(?![仅是同但只过断管论久少]))(?P<rest>[^，,。；;]{2,30})"
)
# "保活计时器在连接空闲两个小时以后才开始工作": when X does what it does.
_ZH_WHEN = re.compile(
    r"^" + _ZH_SUBJECT + r"(?:只|仅)?在(?P<when>[^，,。；;]{2,30}?)(?:以后|之后|后|时|的时候)(?:才|就|会|将)+(?P<act>[^，,。；;]{2,16})"
)
# "慢启动一直持续到窗口达到门限才停止": how long X goes on.
_ZH_UNTIL = re.compile(r"^" + _ZH_SUBJECT + r"(?:会|将|就)?(?:一直)?(?P<verb>持续|保持|进行|增长|重传|等待)到(?P<rest>[^。；;]{4,})")
# "接收方收到失序的报文段后立即发出重复确认": what X does on an event, the comma left out.
_ZH_UPON = re.compile(
    r"^" + _ZH_SUBJECT + r"(?P<event>(?:收到|接收到|收到了|发现|检测到|发出|发送完|进入)[^，,。；;]{2,24}?)"
    r"(?<![最然随前])(?P<when>以后|之后|后|时)(?!的)(?P<rest>[^，,。；;]{4,})"
)
# "短时间内出现大量半连接，……，就可以认定遭到了攻击": the signs first, then what they tell.
_ZH_CONCLUDE = re.compile(r"^(?P<signs>[^。；;]{6,60}?)[，,]\s*(?:就|便|则|即)(?:可以|可|能|能够)?(?P<verb>认定|判定|断定|判断|确定|知道)(?P<what>[^，,。；;]{2,24})")
# Before a bare 不, a subject is a short name ("UDP", "探测报文段"); longer, the 不 is likely inside
# the object ("攻击者伪造大量不存在的地址") and the question would not be whether.
MAX_BARE_NEGATION_SUBJECT = 10
# Before any negation a subject is a name of a few words ("同一个 socket"); "窗口内的报文段可以
# 连续发出去而" is a clause, and "是否" put after it splits the sentence in the wrong place.
MAX_NEGATION_SUBJECT = 12
_ZH_ADJECTIVE_NEGATION = re.compile(r"^.{1,3}的")  # "不存在的 IP 地址": 不 makes an adjective
_ZH_NEGATION_ASKED = {"不能": "能否", "不可以": "能否", "不可": "能否", "无法": "能否", "不会": "是否会", "不需要": "是否需要",
                      "不必": "是否需要", "不用": "是否需要", "不应该": "是否应该", "不应": "是否应该", "不": "是否"}
# "发送方只要收到一个对新报文段的确认，其拥塞窗口就立即加 1": a condition said mid-sentence.
_ZH_AS_SOON_AS = re.compile(r"^(?P<cond>[^。；;？?]{0,30}?只要[^，,。；;]{2,36})[，,](?P<rest>[^。；;]+)")
# "[Jacobson1988]详细分析了在 RTT 变化范围很大时，……", "我们认识到……": who said it opens
# the sentence; what was said has a shape of its own, asked after "据 X，" when X is named.
_ZH_REPORT = re.compile(
    r"^(?:[^，,。；;]{2,20}[，,])?(?P<who>[^，,。；;]{1,20}?)(?:详细|曾|也)?(?:分析了|指出|发现|认为|证明了|表明|认识到|注意到|提到)"
    r"[，,：:]?\s*(?P<said>.+)$"
)
_ZH_AS_SAID = re.compile(r"^正如[^，,。；;]{1,20}?(?:所说|记述|指出|说)的那样[，,]\s*")
_ZH_UNNAMED = ("我们", "我", "他们", "人们", "作者", "有人", "大家")
# "对任何实现而言，关键之处就在于……": what X lies in.
_ZH_LIES_IN = re.compile(r"^(?P<lead>[^，,。；;]{2,20}[，,])?" + _ZH_SUBJECT + r"(?:就|正|主要)?在于(?P<rest>.+)$")
# "除了被平滑的 RTT 估计器，所需要做的还有跟踪 RTT 的方差": what else, besides X.
_ZH_BESIDES = re.compile(
    r"^除了?(?P<x>[^，,。；;]{2,30}?)(?:之外|以外|外)?[，,](?P<pre>[^，,。；;]{0,12}?还(?:有|需要|要|应该|应|包括))"
    r"(?P<rest>[^。；;]{4,})"
)
_ZH_RELATION_WORDS = _words(
    "不", "无法", "到", "后", "时", "认定", "判定", "断定", "判断", "确定", "知道", "分析", "指出", "发现", "认为", "证明",
    "表明", "认识到", "注意到", "提到", "正如", "在于", "除", "只要", "取决", "决定于", "依赖", "基于", "通过", "利用", "借助",
    "超过", "小于", "低于",
)


def _zh_reason(text: str) -> Question | None:
    """"X 的原因是 Y" -> "为什么 X？": asked before "X 的原因是什么？" (a definition's shape)."""
    m = _ZH_REASON.match(text) if "原因" in text or "理由" in text else None
    # "在这种情况下没有……的原因": "这种情况" is on another card, so the question would not say which case
    if m is None or letters(m["why"]) < MIN_ANSWER_LETTERS or _POINTING.search(m["effect"]):
        return None
    return Question(f"为什么{m['effect'].strip()}？", Form.CAUSE)


def _zh_relation(text: str) -> Question | None:
    """A report asked by what was said; what signs tell; how long, when, or on what event X
    acts; what X lies in; what else besides X; what X depends on; how X does Y; what
    bounds X; whether X can (said as "X 不能……"). The first that fits is asked."""
    if not _mentions(text, _ZH_RELATION_WORDS):
        return None
    if (m := _ZH_AS_SAID.match(text)) and (question := _zh(text[m.end():])):
        return question
    if (m := _ZH_REPORT.match(text)) and (question := _zh(m["said"])):
        who = m["who"].strip()
        if who in _ZH_UNNAMED or _ZH_NOT_SUBJECT_START.match(who) or letters(who) < MIN_SUBJECT_LETTERS:
            return question
        return Question(f"据{who}，{question.text}", question.form, question.subject)
    if (m := _ZH_CONCLUDE.match(text)) and letters(m["signs"]) >= MIN_ANSWER_LETTERS:
        return Question(f"如何{m['verb']}{m['what'].strip()}？", Form.MEANS)
    if (m := _ZH_UNTIL.match(text)) and (subject := _zh_subject(m["subject"])):
        return Question(f"{subject}{m['verb']}到什么时候？", Form.CONDITION, subject)
    if (m := _ZH_WHEN.match(text)) and (subject := _zh_subject(m["subject"])):
        return Question(f"{subject}何时{m['act'].strip()}？", Form.CONDITION, subject)
    if (m := _ZH_UPON.match(text)) and (subject := _zh_subject(m["subject"])):
        return Question(f"{subject}{m['event']}{m['when']}，会怎样？", Form.CONDITION)
    if (m := _ZH_LIES_IN.match(text)) and (subject := _zh_subject(m["subject"])) and letters(m["rest"]) >= MIN_ANSWER_LETTERS:
        return Question(f"{m['lead'] or ''}{subject}在于什么？", Form.DEPENDENCE, subject)
    if (m := _ZH_BESIDES.match(text)):
        return Question(f"除了{m['x'].strip()}，{m['pre'].strip()}什么？", Form.ACTION)
    if (m := _ZH_AS_SOON_AS.match(text)) and letters(m["rest"]) >= MIN_ANSWER_LETTERS:
        return Question(f"{m['cond'].strip()}，会怎样？", Form.CONDITION)
    if (m := _ZH_DEPENDS.match(text)) and (subject := _zh_subject(m["subject"])) and letters(m["rest"]) >= MIN_ANSWER_LETTERS:
        verb = m["verb"].removeprefix("是")
        size = text[m.end("subject"):m.start("verb")]
        return Question(f"{subject}{size}{verb}什么？", Form.DEPENDENCE, subject)
    if (m := _ZH_MEANS.match(text)) and (subject := _zh_subject(m["subject"])) and "是" not in subject \
            and letters(m["means"]) >= MIN_SUBJECT_LETTERS:  # "目的是接收方": a clause, not a thing
        return Question(f"{subject}如何{m['goal'].strip()}？", Form.MEANS, subject)
    if (m := _ZH_LIMIT.match(text)) and (subject := _zh_subject(m["subject"])) and letters(m["rest"]) >= MIN_SUBJECT_LETTERS:
        return Question(f"{subject}{m['verb']}什么？", Form.LIMIT, subject)
    if (m := _ZH_NEGATION.match(text)) and (subject := _zh_subject(m["subject"])):
        rest = m["rest"].strip()
        bare = m["neg"] == "不"  # "伪造大量不存在的地址": a bare 不 may belong to a word of the object
        if len(subject) > MAX_NEGATION_SUBJECT or (bare and (len(subject) > MAX_BARE_NEGATION_SUBJECT
                                                            or _ZH_ADJECTIVE_NEGATION.match(rest))):
            return None
        # "是否……是否……？" would ask two things at once
        if letters(rest) >= MIN_SUBJECT_LETTERS and not rest.startswith(("是", "仅", "只", "但")) and "是否" not in rest:
            return Question(f"{m['lead'] or ''}{subject}{_ZH_NEGATION_ASKED[m['neg']]}{rest}？", Form.YES_NO, subject)
    return None


# -- English ---------------------------------------------------------------------------------

_EN_PRONOUN = re.compile(
    r"^(?:it|its|their|this|that|these|those|they|there|here|we|you|i|he|she|which|what|who|one|each|some|all|such)\b",
    re.IGNORECASE,
)
# What a rule sets, in English: "ssthresh is set to half of cwnd", "set cwnd to 1 MSS",
# "cwnd is doubled" (as _ZH_SET_PATTERNS in Chinese).
_EN_SET_VERBS = r"set|reset|halved|cut|reduced|dropped"
_EN_GROW_VERBS = r"doubled|increased|incremented|decreased|decremented|grown|raised"
_EN_SET_PATTERNS = (
    # a variable is written bare ("cwnd is set"); "the connection is reset" names no variable
    re.compile(r"(?<![Tt]he )(?<![Aa] )(?<![Aa]n )\b(?P<var>[A-Za-z][A-Za-z0-9_]*) (?:is|are|will be|gets) (?:then )?(?P<verb>"
               + _EN_SET_VERBS + "|" + _EN_GROW_VERBS + r")\b", re.IGNORECASE),
    re.compile(r"\b(?P<verb>set|sets|reset|resets|halve|halves|double|doubles|increase|increases|decrease|decreases) "
               r"(?P<var>[A-Za-z][A-Za-z0-9_]*)(?= (?:to|by|back)\b| and\b|[,.;]|$)", re.IGNORECASE),
)


_EN_SET_WORDS = _words("set", "halve", "cut", "reduce", "drop", "doubl", "increase", "increment", "decrease", "decrement",
                       "grown", "raise")
_EN_JOINING = re.compile(r"and|or|but|then|so|also|which|window|value", re.IGNORECASE)


def en_settings(effect: str) -> str | None:
    """"how are ssthresh and cwnd set" for an effect that sets them, "how does cwnd change" for
    one that only grows or shrinks it; None when it sets no variable it names."""
    if not _mentions(effect.casefold(), _EN_SET_WORDS):
        return None
    names: list[str] = []
    setting = False
    for m in sorted((m for p in _EN_SET_PATTERNS for m in p.finditer(effect)), key=lambda m: m.start()):
        name = m["var"]
        if _EN_PRONOUN.match(name) or _EN_JOINING.fullmatch(name) or len(name) < MIN_SUBJECT_LETTERS:
            continue
        setting = setting or re.fullmatch(_EN_GROW_VERBS + r"|increases?|decreases?|doubles?", m["verb"],
                                          re.IGNORECASE) is None
        if name.casefold() not in (n.casefold() for n in names):
            names.append(name)
    if not names or len(names) > MAX_SET_VARIABLES:
        return None
    if setting:
        return f"how {'are' if len(names) > 1 else 'is'} {' and '.join(names)} set"
    return f"how {'do' if len(names) > 1 else 'does'} {' and '.join(names)} change"


_EN_SUBJECT = r"(?P<subject>(?:[\w\-'’/]+ ){0," + str(MAX_SUBJECT_WORDS - 1) + r"}?[\w\-'’/]+)"
# A subject holds no clause of its own ("sliding window that allows") and does not start
# with a verb: an instruction ("Get the average", "Assume that") has no subject to ask about.
_EN_NOT_SUBJECT = re.compile(
    r"\b(?:that|which|who|whom|whose|where|when|if|because|while|until|to)\b|"
    r"^(?:get|assume|suppose|consider|see|note|recall|remember|let|make|use|set|take|send|try|imagine)\b",
    re.IGNORECASE,
)
_EN_NAMING = re.compile(
    r"\b(?:is|are)\s+(?:often |also |commonly |sometimes )?(?:called|known as|referred to as|termed|named)\s+"
    r"(?P<term>(?:an? |the )?[^,.;:]{2,50}?)\s*[.;]?$",
    re.IGNORECASE,
)
_EN_PURPOSE = re.compile(r"^" + _EN_SUBJECT + r" (?:is|are) used (?:to|for) (?P<rest>.+)$", re.IGNORECASE)
_EN_USED_WHEN = re.compile(r"^" + _EN_SUBJECT + r" (?P<verb>is|are) used (?:when|if|while) (?P<rest>.+)$", re.IGNORECASE)
_EN_PARTS = re.compile(
    r"^" + _EN_SUBJECT + r" (?P<verb>consists of|consist of|is made up of|are made up of|includes|include|"
    r"is divided into|are divided into|has (?:two|three|four|five|several) (?:kinds|types|parts|phases|fields))"
    r"(?P<rest>.+)$",
    re.IGNORECASE,
)
_EN_UNLIKE = re.compile(r"^unlike (?P<a>[^,]{2,40}), (?P<b>.+)$", re.IGNORECASE)
_EN_DIFFERENCE = re.compile(
    r"\bdifference between (?P<a>[^,.;]{2,40}?) and (?P<b>[^,.;]{2,40}?)\b(?: is| lies)", re.IGNORECASE
)
_EN_DEFINE = re.compile(
    r"^" + _EN_SUBJECT + r" (?P<verb>is|are|means|mean|refers to|refer to|is defined as|stands for)"
    r" (?P<rest>.+)$",
    re.IGNORECASE,
)
# "X is a/an/the …", "X is one of …": a definition; "X is very rare" describes, it does not define.
_EN_DEFINING_START = re.compile(r"^(?:an?|the|one|two|three|called|defined|to|equal to)\b"
                                # "X and Y are mandatory components of TCP": what kind of thing they are
                                r"|^(?:[a-z\-]+ ){0,2}(?:components|parts|mechanisms|algorithms|phases|states|fields|flags|"
                                r"types|kinds|variables|timers)\b", re.IGNORECASE)
# "X is triggered by Y": the passive names what acts on X, asked as "What is X triggered by?".
_EN_PASSIVE = re.compile(
    r"^" + _EN_SUBJECT + r" (?P<verb>is|are) (?P<done>\w+ed|set|sent|chosen|known|kept|held|taken|given) (?:both |only |also |mainly |usually )?by (?P<rest>.+)$",
    re.IGNORECASE,
)
_EN_CONDITION = re.compile(
    r"^(?P<op>when|whenever|if|once|after|as soon as|unless|before|while|on|upon) (?P<cond>[^,;]{3,90}), (?:then )?"
    r"(?P<rest>.+)$",
    re.IGNORECASE,
)
_EN_CAUSE = re.compile(
    r"^(?P<effect>[^;]{8,110}?),? (?:because|since|so that|in order to) (?P<why>.{8,})$", re.IGNORECASE
)
_EN_CAUSE_FIRST = re.compile(r"^(?:because|since|to|in order to) (?P<why>[^,]{4,90}), (?P<effect>.{8,})$",
                             re.IGNORECASE)
# "A connection is half-open when ……": the state is asked by when it holds.
_EN_STATE_WHEN = re.compile(r"^" + _EN_SUBJECT + r" (?P<verb>is|are) (?P<state>[\w\-]+) (?:when|if|whenever) (?P<rest>.+)$",
                            re.IGNORECASE)
_EN_AUX = re.compile(
    r"^(?P<s>(?:[\w\-'’()/]+ ){0,5}?[\w\-'’()/]+) (?P<aux>is|are|was|were|can|cannot|can't|will|must|should|"
    r"may|might|would|could)(?P<rest> .+)$",
    re.IGNORECASE,
)
# Verbs that TCP notes state facts with; "What does X send?" asks for their object.
EN_ACTION_VERBS = (
    "sends", "receives", "uses", "contains", "carries", "includes", "provides", "allows", "requires", "keeps",
    "maintains", "sets", "increases", "decreases", "reduces", "doubles", "halves", "waits", "enters", "moves",
    "transmits", "retransmits", "acknowledges", "indicates", "specifies", "defines", "ensures", "guarantees",
    "prevents", "detects", "chooses", "selects", "replies", "responds", "performs", "creates", "allocates",
    "estimates", "measures", "tracks", "limits", "controls", "determines", "stores", "holds", "starts", "stops",
    "closes", "opens", "establishes", "grows", "consumes", "advertises", "drops", "discards", "buffers", "delivers",
    "acks",
)
EN_ACTION_BASES = ("send", "receive", "use", "contain", "carry", "include", "provide", "allow", "require", "keep",
                   "maintain", "set", "increase", "decrease", "reduce", "double", "halve", "wait", "enter",
                   "transmit", "retransmit", "acknowledge", "choose", "select", "reply", "respond", "allocate",
                   "drop", "discard", "deliver", "advertise")
_EN_MODALS = ("will", "must", "should", "can", "may")
_EN_ACTION = re.compile(
    r"^" + _EN_SUBJECT + r" (?P<modal>(?:will|must|should|can|may|then|first|also|always|only|never|still|usually|"
    r"typically|immediately) )?(?P<verb>" + "|".join(EN_ACTION_VERBS) + "|" + "|".join(EN_ACTION_BASES) + r")(?P<particle> (?:for|to|with|on|into|from|about|back))?"
    r" (?P<rest>.+)$",
    re.IGNORECASE,
)
# Verb-noun idioms read whole: "keeps track of", "takes care of", "keeps an eye on". Read as the
# bare verb they ask "What does the receiver keep?", which the note does not answer.
_EN_IDIOM_OBJECT = re.compile(r"^(?P<idiom>track of|care of|an eye on|hold of|note of) ", re.IGNORECASE)
_EN_NOT_BUT = re.compile(r"^" + _EN_SUBJECT + r" (?:does not|doesn't) (?:mean|refer to) [^,;]{2,60}?,? but (?P<rest>.{4,})$",
                         re.IGNORECASE)
_EN_USES_TO = re.compile(
    r"^" + _EN_SUBJECT + r" (?:uses|use|employs|employ|relies on|rely on) (?P<means>[^,;]{3,60}?) to "
    r"(?P<goal>(?!be\b)[a-z][^,;]{4,60})$",
    re.IGNORECASE,
)
_EN_NUMBER = re.compile(
    r"(?<![\w.\-/=])(?:\d+(?:\.\d+)?|(?i:one|two|three|four|five|six|seven|eight|nine|ten)\b)\s?"
    r"(?P<unit>bytes?|bits?|ms|milliseconds?|seconds?|minutes?|hours?|segments?|packets?|RTTs?)\b"
)
# "It takes four packets to ……": asked "How many packets does it take to ……?"
_EN_IT_TAKES = re.compile(r"^it takes$", re.IGNORECASE)


_EN_SUBORDINATORS = ("since ", "because ", "although ", "though ", "whereas ", "unless ", "if ", "once ")


def _en_subject(subject: str) -> str | None:
    subject = subject.strip()
    if _EN_PRONOUN.match(subject) or _EN_NOT_SUBJECT.search(subject) or letters(subject) < MIN_SUBJECT_LETTERS:
        return None
    if subject.casefold().startswith(("in ", "on ", "at ", "for ", "with ", "by ", "to ", "from ", "as ", "of ")):
        return None
    if subject.casefold().startswith(_EN_SUBORDINATORS):
        return None  # "Since the receiver sends …": a clause that gives a reason, its subject comes later
    if subject.casefold().endswith((" not", " does", " do", " did")):
        return None  # "UDP does not" has lost its verb to the pattern
    return subject


def _lower_first(text: str) -> str:
    """"The sender" -> "the sender"; "TCP" and "ACKs" keep their capitals."""
    words = text.split()
    # "Transmission Control Protocol" keeps its capitals; "The sender", "A TCP header" do not
    proper = words[0].casefold() not in ("the", "a", "an") and any(word[:1].isupper() for word in words[1:])
    if len(text) > 1 and text[0].isupper() and not text[1].isupper() and not text[1].isdigit() and not proper:
        return text[0].lower() + text[1:]
    return text


def _base(verb: str) -> str:
    """"sends" -> "send", "carries" -> "carry", "reaches" -> "reach"."""
    lower = verb.lower()
    if lower.endswith("ies"):
        return verb[:-3] + "y"
    if lower.endswith(("sses", "shes", "ches", "xes", "zes")) or lower in ("goes", "does"):
        return verb[:-2]
    return verb[:-1] if lower.endswith("s") else verb


def _en_naming(text: str) -> Question | None:
    if _mentions(text, _EN_NAMING_WORDS) and (m := _EN_NAMING.search(text + ".")) and letters(text[:m.start()]) >= MIN_ANSWER_LETTERS:
        term = m["term"].strip()
        if not _EN_PRONOUN.match(term):
            return Question(f"What is {term}?", Form.NAMING, term)
    return None


def _en(sentence: str) -> Question | None:
    text = _EN_OPENER.sub("", sentence).strip().rstrip(_TRAILING)
    if question := _en_naming(text):
        return question
    lower = text.casefold()
    if " but " in lower and (m := _EN_NOT_BUT.match(text)) and (subject := _en_subject(m["subject"])):
        # "The "slow" in slow start does not mean slow growth, but ……": what it means, asked
        return Question(f"What does {_lower_first(subject)} mean?", Form.DEFINITION, subject)
    if lower.startswith("unlike ") and (m := _EN_UNLIKE.match(text)):
        subject = _en_clause_subject(m["b"])
        if subject:
            return Question(f"How does {subject} differ from {m['a'].strip()}?", Form.COMPARISON, subject)
    if "difference between" in lower and (m := _EN_DIFFERENCE.search(text)):
        return Question(f"What is the difference between {m['a']} and {m['b']}?", Form.COMPARISON, m["a"])
    used = " used " in lower
    if used and (m := _EN_PURPOSE.match(text)):
        subject = _en_subject(m["subject"])
        if subject:
            verb = "are" if re.search(r" are used", text[:m.end("subject") + 9], re.IGNORECASE) else "is"
            return Question(f"What {verb} {_lower_first(subject)} used for?", Form.PURPOSE, subject)
    if used and (m := _EN_USED_WHEN.match(text)):
        subject = _en_subject(m["subject"])
        if subject and letters(m["rest"]) >= MIN_ANSWER_LETTERS:
            return Question(f"When {m['verb'].lower()} {_lower_first(subject)} used?", Form.CONDITION, subject)
    if _mentions(lower, _EN_PARTS_WORDS) and (m := _EN_PARTS.match(text)):
        subject = _en_subject(m["subject"])
        if subject and letters(m["rest"]) >= MIN_ANSWER_LETTERS:
            verb = m["verb"].lower()
            plural = verb in ("consist of", "include", "are made up of", "are divided into")
            if "divided" in verb:
                asked = f"What {'are' if plural else 'is'} {_lower_first(subject)} divided into?"
            elif verb.startswith("has"):
                asked = f"What {verb.split()[2]} does {_lower_first(subject)} have?"
            else:
                base = "consist of" if "consist" in verb or "made up" in verb else "include"
                asked = f"What {'do' if plural else 'does'} {_lower_first(subject)} {base}?"
            return Question(asked, Form.PARTS, subject)
    if "," in text and (m := _EN_CONDITION.match(text)) and letters(m["rest"]) >= MIN_ANSWER_LETTERS:
        asked = f"What happens {m['op'].lower()} {_lower_first(m['cond'].strip())}?"
        either = _EN_OTHERWISE.match(m["rest"].strip())
        which = f"What decides whether {_lower_first(either['a'].strip())} or {either['b'].strip()}?" if either else ""
        if either and _en_clause_subject(either["a"]) and len(which) <= MAX_QUESTION_LATIN:
            # "If X, the sender is in A, otherwise it is in B": a test between two cases
            return Question(which, Form.CONDITION, keyed=asked)
        set_ = en_settings(m["rest"])
        changed = f"{m['op'].capitalize()} {_lower_first(m['cond'].strip())}, {set_}?"
        if set_ and len(changed) <= MAX_QUESTION_LATIN:
            # "If a timeout occurs, ssthresh is set to ……": what the condition changes is asked
            return Question(changed, Form.CONDITION, keyed=asked)
        return Question(asked, Form.CONDITION)
    if (_mentions(lower, _EN_CAUSE_WORDS) or lower.startswith("to ")) and (question := _en_cause(text)):
        return question
    if _mentions(lower, _EN_DEFINE_WORDS) and (m := _EN_DEFINE.match(text)):
        subject = _en_subject(m["subject"])
        verb = m["verb"].lower()
        if subject and letters(m["rest"]) >= MIN_ANSWER_LETTERS and (
            verb not in ("is", "are") or _EN_DEFINING_START.match(m["rest"])
        ):
            asked = {
                "means": "What does {} mean?", "mean": "What do {} mean?", "refers to": "What does {} refer to?",
                "refer to": "What do {} refer to?", "stands for": "What does {} stand for?",
                "are": "What are {}?",
            }.get(verb, "What is {}?")
            return Question(asked.format(_lower_first(subject)), Form.DEFINITION, subject)
    if question := _en_quantity(text):
        return question
    if (" when " in lower or " if " in lower) and (m := _EN_STATE_WHEN.match(text)):
        subject = _en_subject(m["subject"])
        if subject and letters(m["rest"]) >= MIN_ANSWER_LETTERS and m["state"].casefold() not in ("used", "sent", "set"):
            return Question(f"When {m['verb'].lower()} {_lower_first(subject)} {m['state']}?", Form.CONDITION, subject)
    if " by " in lower and (m := _EN_PASSIVE.match(text)):
        subject = _en_subject(m["subject"])
        if subject and letters(m["rest"]) >= MIN_ANSWER_LETTERS:
            return Question(f"What {m['verb'].lower()} {_lower_first(subject)} {m['done'].lower()} by?", Form.ACTION,
                            subject)
    if " to " in lower and (m := _EN_USES_TO.match(text)) and (subject := _en_subject(m["subject"])):
        # "TCP uses a timer to recover from loss": the goal is what a learner asks about, the means the answer
        return Question(f"How does {_lower_first(subject)} {m['goal'].strip()}?", Form.MEANS, subject)
    if m := _EN_ACTION.match(text):
        subject = _en_subject(m["subject"])
        # "starts when ……" has no object to ask for: its clause says when, not what
        intransitive = _EN_INTRANSITIVE.match(m["rest"]) or m["rest"].split(" ", 1)[0].endswith("ly")
        if subject and letters(m["rest"]) >= MIN_ANSWER_LETTERS and not intransitive:
            particle = m["particle"] or ""
            modal = (m["modal"] or "").strip().lower()
            verb = m["verb"].lower()
            if verb == "acks" and m["verb"] != "ACKs":
                return None  # "the spacing between acks": the plural noun, not TCP's verb "ACKs"
            written = "ACK" if verb == "acks" else verb
            if modal in _EN_MODALS and verb in EN_ACTION_BASES:
                asked = f"What {modal} {_lower_first(subject)} {verb}{particle}?"
            elif verb in EN_ACTION_VERBS:
                asked = f"What does {_lower_first(subject)} {_base(written)}{particle}?"
            elif subject.endswith("s") and not subject.endswith("ss"):  # "the two active openers send"
                asked = f"What do {_lower_first(subject)} {verb}{particle}?"
            else:
                return None  # a singular subject before a bare verb: likely a noun read as a verb
            if idiom := _EN_IDIOM_OBJECT.match(m["rest"]):
                # "keeps track of X" asks what is tracked; keyed by the bare-verb wording it once had
                return Question(f"{asked[:-1]} {idiom['idiom'].lower()}?", Form.ACTION, subject, keyed=asked)
            return Question(asked, Form.ACTION, subject)
    return _en_relation(text)


def _en_clause_subject(clause: str) -> str | None:
    m = _EN_AUX.match(clause) or _EN_ACTION.match(clause)
    if m is None:
        return None
    return _en_subject(m.groupdict().get("s") or m.groupdict().get("subject") or "")


def _en_cause(text: str) -> Question | None:
    m = _EN_CAUSE_FIRST.match(text) or _EN_CAUSE.match(text)
    if m is None:
        return None
    return _en_why(m["effect"].strip().rstrip(_TRAILING))


def _en_why(effect: str) -> Question | None:
    """"Why ……?" of a clause that has a subject and a verb: "the sender halves its window" ->
    "Why does the sender halve its window?"."""
    aux = _EN_AUX.match(effect)
    if aux and _en_subject(aux["s"]):
        word = aux["aux"].lower()
        if word == "cannot":
            return Question(f"Why can't {_lower_first(aux['s'])}{aux['rest']}?", Form.CAUSE)
        return Question(f"Why {word} {_lower_first(aux['s'])}{aux['rest']}?", Form.CAUSE)
    verb = _EN_PRESENT.match(effect)
    if verb and _ends_plural_subject(verb["verb"], verb["rest"]):
        # "operating systems select …": the "-s" word ends a plural subject, the verb follows it
        subject = f"{verb['s']} {verb['verb']}"
        if _en_subject(subject) and not _EN_VAGUE_START.match(subject):
            return Question(f"Why do {_lower_first(subject)}{verb['rest']}?", Form.CAUSE)
        return None
    if verb and _en_subject(verb["s"]) and not _EN_VAGUE_START.match(verb["s"]):
        base = "have" if verb["verb"].lower() == "has" else _base(verb["verb"])
        return Question(f"Why does {_lower_first(verb['s'])} {base}{verb['rest']}?", Form.CAUSE)
    # "Why is it that ……?" only restates the sentence: its shape is asked another way, or not at all
    return None


# "the sender counts the duplicate ACKs": a subject of a few words and a verb in the third person
_EN_PRESENT = re.compile(r"^(?P<s>(?:[\w\-'’/]+ ){0,4}?[\w\-'’/]+) (?P<verb>has|[a-z]+[^s\W]s)(?P<rest> .+)$")
# Words that follow a plural subject, not a verb: a bare verb ("systems select") or an adverb
# before one ("flows never leave"). After a verb in "-s" come its object or particle instead.
_EN_AFTER_PLURAL = frozenset({
    # verbs that do not double as TCP's noun modifiers ("send buffer", "receive window", "start time" do)
    "use", "keep", "maintain", "carry", "contain", "provide", "allow", "require", "include", "transmit", "retransmit",
    "acknowledge", "reply", "respond", "allocate", "discard", "deliver", "advertise", "increase", "decrease", "reduce",
    "halve", "enter", "choose", "select", "pick", "need", "have", "leave", "generate", "ignore", "reject", "accept",
    "avoid", "prevent", "support", "implement", "reuse", "expect", "treat", "measure", "estimate", "grow", "shrink",
    "remain", "stay", "become", "see", "get", "go", "do", "cannot",
    # adverbs that stand before a verb, not after one
    "never", "always", "often", "usually", "rarely", "typically",
})


def _ends_plural_subject(word: str, rest: str) -> bool:
    """Whether `word`, read as the verb by _EN_PRESENT, is the plural noun that ends its
    subject: "systems" before " select the ISN"."""
    following = rest.split(maxsplit=1)[0].casefold() if rest.strip() else ""
    return not word.casefold().endswith(("ss", "us", "is")) and following in _EN_AFTER_PLURAL


# A subject that points back ("this segment") leans on a sentence that is not on the card.
_EN_VAGUE_START = re.compile(r"^(?:this|that|these|those|it|they|such)\b", re.IGNORECASE)


def _en_quantity(text: str) -> Question | None:
    m = _EN_NUMBER.search(text)
    if m is None:
        return None
    clause_end = _EN_CLAUSE_END.search(text, m.end())
    end = clause_end.start() if clause_end else len(text)
    before = text[:m.start()]
    if (pair := _EN_SET_PAIR_FIRST.search(before)) and (second := _EN_SET_PAIR_NEXT.match(text, m.end())):
        # "At the start cwnd is 1 segment and ssthresh is 65535 bytes": both values are the fact
        lead = before[:pair.start("name")].rstrip(" ,")
        asked_pair = f"what are {pair['name']} and {second['name']}?"
        return Question(f"{lead}, {asked_pair}" if lead else asked_pair.capitalize(), Form.QUANTITY)
    unit = m["unit"]
    after = text[m.end():end].rstrip()
    # A duration asks "how long"; anything counted asks "how many" of its unit.
    duration = unit.lower().startswith(("ms", "millisecond", "second", "minute", "hour"))
    asked = "how long" if duration else f"how many {unit}"
    if not before.strip() and letters(after) >= MIN_ANSWER_LETTERS:
        # "Three packets are required to ……": the count is the subject, and the question opens with it
        return Question(f"{asked[:1].upper()}{asked[1:]}{after}?", Form.QUANTITY)
    if _EN_IT_TAKES.match(before.strip()) and letters(after) >= MIN_ANSWER_LETTERS:
        return Question(f"{asked[:1].upper()}{asked[1:]} does it take{after}?", Form.QUANTITY)
    if letters(before) < MIN_ANSWER_LETTERS or _EQUALS_END.search(before):
        return None
    return Question(f"{before.rstrip()} {asked}{after}?", Form.QUANTITY)


# The English of _ZH_SET_PAIR_FIRST / _ZH_SET_PAIR_NEXT: "cwnd is 1 segment and ssthresh is 65535 bytes".
_EN_SET_PAIR_FIRST = re.compile(r"(?<![A-Za-z0-9_])(?P<name>[a-z_][A-Za-z0-9_]{1,20}|[A-Z]{2,8})\s+(?:is|is set to|=)\s*$")
_EN_SET_PAIR_NEXT = re.compile(r"\s*(?:,\s*)?(?:and\s+)?(?P<name>[a-z_][A-Za-z0-9_]{1,20}|[A-Z]{2,8})\s+(?:is|is set to|to|=)\s*\d")


# -- English: how one thing stands to another --------------------------------------------------

# "The window size depends on ……", "X is based on ……": what X rests on is asked for.
_EN_DEPENDS = re.compile(
    r"^" + _EN_SUBJECT + r" (?P<verb>depends on|depend on|relies on|rely on|is based on|are based on|is determined by|"
    r"are determined by) (?P<rest>.+)$",
    re.IGNORECASE,
)
# "TCP views data as an unstructured stream of bytes": how X regards Y is asked.
_EN_VIEWS = re.compile(
    r"^" + _EN_SUBJECT + r" (?P<verb>views|treats|sees|regards|considers|interprets) (?P<object>[^,;]{2,40}?) as (?P<rest>.+)$",
    re.IGNORECASE,
)
# "The timeout should be larger than the RTT": the bound is asked for.
_EN_BOUND = re.compile(
    r"^" + _EN_SUBJECT + r" (?P<aux>should|must|is|are|can|will) be (?P<than>(?:larger|smaller|greater|less|more|longer|"
    r"shorter|higher|lower) than|at least|at most) (?P<rest>.+)$",
    re.IGNORECASE,
)
# "TCP does not say how to ……": whether X does, asked; the answer says no.
_EN_NEGATION = re.compile(
    r"^" + _EN_SUBJECT + r" (?P<aux>does not|doesn't|do not|don't|cannot|can't|can not|is not|isn't|are not|aren't|"
    r"will not|won't|should not|shouldn't|must not) (?P<rest>[^,;:]{4,80})",
    re.IGNORECASE,
)
_EN_NEGATION_ASKED = {"does not": "Does", "doesn't": "Does", "do not": "Do", "don't": "Do", "cannot": "Can",
                      "can't": "Can", "can not": "Can", "is not": "Is", "isn't": "Is", "are not": "Are", "aren't": "Are",
                      "will not": "Will", "won't": "Will", "should not": "Should", "shouldn't": "Should",
                      "must not": "Must"}
# "A third party might forge a segment if the sequence number is known": what X may do in a case.
_EN_MAY_IF = re.compile(
    r"^" + _EN_SUBJECT + r" (?P<modal>might|could|can|may|will|would) (?P<act>[^,;]{4,80}?) (?P<op>if|when|once|unless) "
    r"(?P<cond>[^,;]{4,80})$",
    re.IGNORECASE,
)
# "The keepalive timer starts only after the connection has been idle": when X acts.
_EN_ACTS_WHEN = re.compile(
    r"^" + _EN_SUBJECT + r" (?P<verb>starts|stops|begins|ends|fires|expires|runs|closes|opens|resets|restarts) "
    r"(?:only |just |again )?(?P<op>after|when|once|until|before|as soon as) (?P<rest>.{4,})$",
    re.IGNORECASE,
)
# "Slow start continues until the window reaches the threshold": how long X goes on.
_EN_UNTIL = re.compile(r"^" + _EN_SUBJECT + r" (?P<verb>continues|lasts|persists|waits) until (?P<rest>.{4,})$",
                       re.IGNORECASE)
# "If the last ACK is lost the other side sends its FIN again": a condition its comma left out,
# told from the clause after it by that clause's opening article or pronoun.
_EN_BARE_CONDITION = re.compile(
    r"^(?P<op>if|when|once) (?P<cond>.{3,60}? (?:is|are|was|were|gets|get|becomes|become|has been|have been) \w+) "
    r"(?P<rest>(?:the|a|an|it|they) .{6,})$",
    re.IGNORECASE,
)
# "TCP confuses corruption with congestion: throughput falls for any loss": a claim, then
# the clause that explains it. Asked why; a colon before a list ("TCP has three timers: …")
# is no explanation, so the words after it must be a clause of their own.
_EN_CLAIM = re.compile(r"^(?P<claim>[^:]{12,100}): (?P<why>.{12,})$")
# A claim that gives its own reason ("X is choppy due to swings: ……") would answer "why" on the front.
_EN_CLAIM_GIVES_WHY = re.compile(r"\b(?:due to|because|since|as a result|so that)\b", re.IGNORECASE)


def _en_relation(text: str) -> Question | None:
    """What X depends on, how X views Y, what bounds X, whether X does (said as "X does
    not ……"), why a claim holds (explained after a colon)."""
    lower = text.casefold()
    if (m := _EN_NEGATION.match(text)) and (subject := _en_subject(m["subject"])):
        asked = _EN_NEGATION_ASKED[m["aux"].lower()]
        return Question(f"{asked} {_lower_first(subject)} {m['rest'].strip()}?", Form.YES_NO, subject)
    if (" on " in lower or " by " in lower) and (m := _EN_DEPENDS.match(text)) and (subject := _en_subject(m["subject"])):
        verb = m["verb"].lower()
        named = _lower_first(subject)
        if verb.endswith("based on"):
            asked = f"What {verb.split()[0]} {named} based on?"
        elif "determined" in verb:
            asked = f"What determines {named}?"
        else:
            does = "does" if verb.split()[0].endswith("s") else "do"
            asked = f"What {does} {named} {_base(verb.split()[0]) if does == 'does' else verb.split()[0]} on?"
        return Question(asked, Form.DEPENDENCE, subject)
    if " as " in lower and (m := _EN_VIEWS.match(text)) and (subject := _en_subject(m["subject"])):
        return Question(f"How does {_lower_first(subject)} {_base(m['verb'].lower())} {m['object'].strip()}?", Form.MEANS,
                        subject)
    if " be " in lower and (m := _EN_BOUND.match(text)) and (subject := _en_subject(m["subject"])):
        return Question(f"What {m['aux'].lower()} {_lower_first(subject)} be {m['than'].lower()}?", Form.LIMIT, subject)
    if " until " in lower and (m := _EN_UNTIL.match(text)) and (subject := _en_subject(m["subject"])):
        return Question(f"How long does {_lower_first(subject)} {_base(m['verb'].lower())}?", Form.CONDITION, subject)
    if (m := _EN_ACTS_WHEN.match(text)) and (subject := _en_subject(m["subject"])):
        return Question(f"When does {_lower_first(subject)} {_base(m['verb'].lower())}?", Form.CONDITION, subject)
    if (m := _EN_BARE_CONDITION.match(text)):
        return Question(f"What happens {m['op'].lower()} {_lower_first(m['cond'].strip())}?", Form.CONDITION)
    if (m := _EN_MAY_IF.match(text)) and (subject := _en_subject(m["subject"])):
        return Question(f"What {m['modal'].lower()} {_lower_first(subject)} do {m['op'].lower()} {m['cond'].strip()}?",
                        Form.CONDITION)
    if ":" in text and (m := _EN_CLAIM.match(text)) and (_EN_AUX.match(m["why"]) or _EN_PRESENT.match(m["why"])) \
            and not _EN_CLAIM_GIVES_WHY.search(m["claim"]):
        return _en_why(m["claim"].strip())
    return None


# -- a term's own question -------------------------------------------------------------------

# A term this wide (display columns) or narrower is a name ("SYN 洪泛攻击", "persist timer"):
# asked "……是什么？" / "What is ……?". A wider one is a phrase or a clause, and a question
# built on it reads like the sentence again.
MAX_TERM_NAME = 24
# A term that opens with a condition ("若 SMSS > 2190 字节", "If the window is zero") is a case:
# what follows it is what happens then.
_ZH_CASE = re.compile(r"^(?:当|若|如果|假如|一旦|每当)")
_EN_CASE = re.compile(r"^(?:if|when|whenever|once|after|on|upon)\b", re.IGNORECASE)
# A term that ends in its verb ("……的原则是", "……定义为") lacks only its object.
_ZH_OPEN_VERB = re.compile(r"(?:是|为|指|包括|包含|强调|规定)$")
# "TCP options", "ACKs": a plural noun is asked "What are ……?"; "status", "bus" are not plurals.
_EN_PLURAL = re.compile(r"[a-z]s$|[A-Z]s$")
_EN_NOT_PLURAL = re.compile(r"(?:ss|us|is|ics)$", re.IGNORECASE)
# Nouns of which a connection has one of each kind: asked with "the".
_EN_COUNTABLE = frozenset({"field", "window", "timer", "pointer", "number", "flag", "bit", "header", "queue", "buffer",
                           "threshold", "rate", "size", "state", "option", "port", "socket", "estimate"})


# A label that names an action on the topic above it ("SYN 攻击" · "检测") asks how it is done.
_ZH_HOW_LABELS = frozenset({"检测", "防范", "防御", "预防", "解决", "解决办法", "解决方法", "解决方案", "处理", "应对",
                            "避免", "优化", "实现", "计算"})
_EN_HOW_LABELS = {"detection": "How is it detected?", "prevention": "How is it prevented?",
                  "mitigation": "How is it mitigated?", "implementation": "How is it implemented?",
                  "calculation": "How is it calculated?", "computation": "How is it computed?"}
# A label that is a word for "the thing to know about the topic above" takes the article.
_EN_LABELS = frozenset({"solution", "idea", "main idea", "goal", "purpose", "problem", "reason", "cause", "result",
                        "effect", "definition", "meaning", "intuition", "motivation", "key idea", "benefit",
                        "drawback", "downside", "upside", "tradeoff", "trade-off", "fix", "summary", "rule"})


# A label that opens with a preposition ("对于握手", "关于重传", "For retransmission") names what
# a remark is about; it is no term with a meaning of its own.
_LABEL_PREPOSITION = re.compile(r"^(?:对于|关于|至于|针对)\s*|^(?:for|about|regarding|as for|as to)\s+(?!example|instance)",
                                re.IGNORECASE)


# A label that opens with a verb of doing ("调整内核参数", "Tuning the backlog") names a task, not
# a thing: "调整内核参数是什么？" asks for a definition its answer (the settings) does not give.
_ZH_DOING_LABEL = re.compile(r"^(?:调整|修改|设置|启用|禁用|增大|减小|调大|调小|配置)(?=\s?[" + HAN_RANGES + r"A-Za-z])")
_ZH_NOT_DOING_END = ("项", "值", "状态", "阶段", "方法", "原因")  # "设置项", "调整值": things
_EN_DOING_LABELS = {"tuning": "tune", "adjusting": "adjust", "setting": "set", "enabling": "enable",
                    "disabling": "disable", "increasing": "increase", "reducing": "reduce", "configuring": "configure",
                    "avoiding": "avoid", "preventing": "prevent", "detecting": "detect"}


_POINTING = re.compile(r"这|那|此|该|上述|如下|以下|\b(?:this|that|these|those|above|below)\b", re.IGNORECASE)


# "异常情况：如果……", "Edge case: if ……": a label for a case; the case itself is the question.
_CASE_LABEL = re.compile(r"(?:情况|情形|场景|例外)$|^(?:(?:edge|corner|special|error|failure) )?cases?$|^exceptions?$",
                         re.IGNORECASE)


def case_question(term: str, said: str) -> str | None:
    """The question of the case a label names, when the text under it states that case
    ("当……时，……", "If ……, ……"): "异常情况是什么？" does not say which case is meant."""
    from tcpquiz.notes.text import names_only_an_aspect

    label = term.strip().rstrip("：:").strip()
    folded = label.casefold()
    # "Main idea", "解决办法", "原理": a label for an aspect; "PSH" is a term, asked what it is
    if not (_CASE_LABEL.search(label) or names_only_an_aspect(label) or folded in _EN_LABELS
            or folded in _EN_HOW_LABELS or label in _ZH_HOW_LABELS):
        return None
    question = ask(said)
    return question.text if question is not None and question.form is Form.CONDITION else None


def names_an_aspect(term: str) -> bool:
    """Whether a term is a label for an aspect of what is above it ("solution", "解决办法",
    "原理"): asked alone ("What is the solution?") it needs a topic above it to mean anything."""
    from tcpquiz.notes.text import is_ambiguous

    label = term.strip().rstrip("：:").strip()
    return label.casefold() in _EN_LABELS or label.casefold() in _EN_HOW_LABELS or label in _ZH_HOW_LABELS \
        or is_ambiguous(label)


@lru_cache(maxsize=1024)  # the same terms (a topic's names, a header's fields) are asked about note after note
def term_question(term: str, chinese: bool) -> str:
    """The question a `term：definition` asks, in the note's language: "URG 是什么？",
    "What is the persist timer?", "若 cwnd > ssthresh，会怎样？". A term too long to be a
    name, or already a question, is returned as it is: its answer follows it like the
    rest of its sentence."""
    from tcpquiz.notes.text import CLAUSE, QUESTION_MARKS, SENTENCE_END, display_width, starts_sentence

    text = term.strip().rstrip("：:").strip()
    if not text or text[-1] in QUESTION_MARKS or any(mark in text for mark in SENTENCE_END):
        return term
    spaced = " " if text[-1:].isascii() else ""  # "URG 是什么？", "慢启动 (Slow Start) 是什么？"
    if chinese:
        if _ZH_CASE.match(text):
            return f"{text}，会怎样？"
        if _ZH_OPEN_VERB.search(text) and len(text) > 2:
            return f"{text}什么？"
    elif _EN_CASE.match(text):
        return f"What happens {_lower_first(text)}?"
    if (about := _LABEL_PREPOSITION.match(text)) and letters(text[about.end():]) >= MIN_SUBJECT_LETTERS:
        # "对于挥手：……" is a remark on a topic, not the topic's definition: asked as a remark
        topic = text[about.end():].strip()
        return f"关于{topic}，要点是什么？" if chinese else f"What is the key point about {_lower_first(topic)}?"
    if display_width(_ASIDE_ANY.sub("", text)) > MAX_TERM_NAME or starts_sentence(text) \
            or any(mark in text for mark in CLAUSE) or _POINTING.search(text):
        return term  # "关于这个问题" points at what the card does not show: no name to ask about
    if chinese:
        doing = text in _ZH_HOW_LABELS or (_ZH_DOING_LABEL.match(text) and not text.endswith(_ZH_NOT_DOING_END))
        return f"如何{text}？" if doing else f"{text}{spaced}是什么？"
    words = text.split()
    label = text.casefold()
    if label in _EN_HOW_LABELS:
        return _EN_HOW_LABELS[label]
    if len(words) > 1 and (base := _EN_DOING_LABELS.get(words[0].casefold())):
        return f"How do you {base} {_lower_first(' '.join(words[1:]))}?"  # "Tuning the backlog": how it is done
    if label in _EN_LABELS:
        return f"What is the {label}?"
    # "3 dupACK", "no loss": a case named by a count or its absence, not a term with a meaning
    if len(words) > MAX_SUBJECT_WORDS or _EN_PRONOUN.match(text) or text[0].isdigit() or label.startswith("no "):
        return term
    plural = bool(_EN_PLURAL.search(words[-1])) and not _EN_NOT_PLURAL.search(words[-1])
    # A one-word term keeps its capital: "Listen", "Established" name states; "Persist timer" is a phrase
    named = _lower_first(text) if len(words) > 1 else text
    if len(words) > 1 and named == named.casefold() and words[-1].casefold() in _EN_COUNTABLE \
            and words[0].casefold() not in ("a", "an", "the"):
        named = f"the {named}"  # "the checksum field": one of its kind, as a reader says it
    return f"What {'are' if plural else 'is'} {named}?"


# A gloss that only lists names ("慢启动、拥塞避免、快速重传、快速恢复"): at least this many,
# each at most MAX_LISTED_NAME columns wide, so that a clause is not taken for a list.
MIN_LISTED_NAMES = 3
MAX_LISTED_NAME = 16
_ZH_LIST_SEPARATOR = re.compile(r"\s*、\s*")  # "、" joins only names; English commas join clauses too
# "不保证顺序、不保证不重复" under "不可靠": claims that say what a property means, not names
_ZH_CLAIM_START = re.compile(r"^(?:不|没|无|未|非|可|能|会|要|需|只)")
# A gloss that is only a foreign name ("Fast Retransmit", "rwnd"): a few Latin words, no verb.
MAX_NAME_WORDS = 4
_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9\-_ .]*$")


def gloss_question(term: str, said: str, chinese: bool) -> str | None:
    """The question a term's gloss answers when the gloss is no definition: a Chinese list of
    names asks what the term includes ("拥塞控制包括哪些？"), a Latin name for a Chinese term asks
    for that name ("快速重传机制的英文名是什么？"). None for a gloss that defines."""
    from tcpquiz.notes.text import display_width

    label = term.strip().rstrip("：:").strip()
    text = " ".join(readable(said).split()).rstrip("。.；;")
    if not label or not text or _LABEL_PREPOSITION.match(label):
        return None
    # "SSH/Telnet", "RTT" under a Chinese label are examples or acronyms, not its English name
    if chinese and has_cjk(label) and not re.search(r"[A-Za-z]", label) and _LATIN_NAME.match(text) \
            and len(text.split()) <= MAX_NAME_WORDS and not any(word.isupper() for word in text.split()):
        return f"{label}的英文名是什么？"
    if not chinese or not has_cjk(text) or re.search(r"[，,；;]", text):
        return None  # "建立会话，如 session 认证、断点续传": a clause that holds a list, not a list
    names = [name for name in _ZH_LIST_SEPARATOR.split(text) if name]
    if len(names) < MIN_LISTED_NAMES or any(display_width(name) > MAX_LISTED_NAME for name in names):
        return None
    if any(mark in name for name in names for mark in "。.：:（(/") or any(map(_ZH_CLAIM_START.match, names)):
        return None
    return f"{label}包括哪些？"


def comparison_question(compared: list[str], aspect: str, chinese: bool) -> str:
    """A row of a side-by-side table ("| 是否连接 | 无连接 | 面向连接 |" under "| | UDP | TCP |")
    asks how the things compared differ in the row's aspect: "UDP 和 TCP 在是否连接上有何区别？",
    "How do UDP and TCP differ in reliability?"."""
    aspect = aspect.strip().rstrip("：:").strip()
    if chinese:
        asked = f"{'、'.join(compared[:-1])}和{compared[-1]}在{aspect}上有何区别？"
        return _CJK_LATIN.sub(" ", asked)
    things = f"{', '.join(compared[:-1])} and {compared[-1]}"
    return f"How do {things} differ in {_lower_first(aspect)}?"


# A line that introduces a list ends in the verb the list completes: "主要有：", "包括：",
# "The main tasks include:". Asked, it names what the list answers.
_ZH_LEAD_VERB = re.compile(r"(?P<verb>主要有|包括|包含|分为|分成|有以下几种|有以下|有如下|有|如下)$")
_EN_LEAD_VERB = re.compile(r"^(?P<subject>.{3,80}?) (?P<verb>include|includes|are|is|consist of|consists of)$",
                           re.IGNORECASE)


# "X, for a couple of reasons:", "X，主要有三个原因：": the list below gives the reasons for X.
_EN_REASONS_LEAD = re.compile(
    r"^(?P<effect>.{6,80}?),? (?:for|because of|due to) (?:a couple of |a few |several |some |two |three |four |the following |these )?"
    r"(?:main |key |important )?reasons?$",
    re.IGNORECASE,
)
_ZH_REASONS_LEAD = re.compile(
    r"^(?P<effect>[^，,。；;]{4,40}?)[，,]?\s*(?:的原因|主要|其原因|这)?(?:有|是|在于|主要有)?(?:以下|如下)?"
    r"(?:[一二两三四五六七八九几\d]+\s?(?:个|点|方面的?))?(?:原因|理由)(?:如下|有)?$"
)


# "Operating systems select the ISN ……": a plural subject (at most five words) and its verb.
_EN_PLURAL_CLAUSE = re.compile(r"^(?P<s>(?:[\w\-]+ ){0,4}[\w\-]+[^s\W']s) (?P<verb>[a-z]+(?<!s))(?P<rest> .+)$")


def _reasons_question(text: str) -> str | None:
    """"为什么 X？" / "Why ……?" of a lead-in that announces the reasons for X."""
    if has_cjk(text):
        m = _ZH_REASONS_LEAD.match(text)
        effect = m["effect"].strip() if m else ""
        return f"为什么{effect}？" if m and letters(effect) >= MIN_EFFECT_LETTERS and not _POINTING.search(effect) else None
    m = _EN_REASONS_LEAD.match(text)
    if m is None:
        return None
    effect = m["effect"].strip()
    if (plural := _EN_PLURAL_CLAUSE.match(effect)) and not _EN_VAGUE_START.match(effect):
        return f"Why do {plural['s'].lower()} {plural['verb']}{plural['rest']}?"  # "operating systems select …"
    why = _en_why(effect)
    return why.text if why else None


# A lead-in that only counts what follows ("主要有三个原因", "There are two reasons"): under a
# question it says nothing the question does not, and alone it does not say of what.
_ZH_COUNT_ONLY = re.compile(r"^(?:主要|其|这|总共|一共)?(?:有|是|包括)?(?:以下|如下)?(?:[一二两三四五六七八九十几\d]+\s?(?:个|点|种|条|方面的?))?"
                            r"(?:原因|理由|好处|优点|缺点|方面|作用|区别|不同|步骤|特点)(?:如下|有|是)?$")
_EN_COUNT_ONLY = re.compile(r"^(?:there (?:are|is) )?(?:a couple of |a few |several |some |two |three |four |five |the following )?"
                            r"(?:main |key |important )?(?:reasons?|benefits|advantages|differences|steps|ways)(?: for this| why)?$",
                            re.IGNORECASE)


# A bare "原因：" or "Reasons:" is a label, read as one elsewhere: a lead-in that counts says how many.
_COUNTING = re.compile(r"[一二两三四五六七八九十几\d]|以下|如下|\b(?:there|following|couple|few|several|two|three|four|five)\b",
                       re.IGNORECASE)


def counts_only(lead_in: str) -> bool:
    """Whether a list's lead-in only counts the items below it ("主要有三个原因：")."""
    text = lead_in.strip().rstrip("：:。.").strip()
    return bool((_ZH_COUNT_ONLY.match(text) or _EN_COUNT_ONLY.match(text)) and _COUNTING.search(text))


def lead_in_question(lead_in: str) -> str:
    """The question a list's lead-in asks: "TCP 的特点包括" -> "TCP 的特点包括哪些？",
    "The main tasks of the transport layer include" -> "What do the main tasks of the
    transport layer include?". A lead-in of another shape is returned as written."""
    text = lead_in.strip().rstrip("：:。.").strip()
    if not text or text[-1] in "？?":
        return lead_in
    if ("reason" in text or "原因" in text or "理由" in text) and (why := _reasons_question(text)):
        return why
    if has_cjk(text):
        m = _ZH_LEAD_VERB.search(text)
        if m is None or letters(text[:m.start()]) < MIN_SUBJECT_LETTERS or _POINTING.match(text):
            return lead_in
        verb = {"有以下几种": "有哪几种", "有以下": "有哪些", "有如下": "有哪些", "如下": "是什么"}.get(
            m["verb"], f"{m['verb']}哪些")
        return f"{text[:m.start()]}{verb}？"
    m = _EN_LEAD_VERB.match(text)
    if m is None or _en_subject(m["subject"]) is None:
        return lead_in
    verb = m["verb"].lower()
    subject = _lower_first(m["subject"])
    if verb in ("are", "is"):
        return f"What {verb} {subject}?"
    plural = verb in ("include", "consist of")
    return f"What {'do' if plural else 'does'} {subject} {'include' if 'include' in verb else 'consist of'}?"


# -- the entry point -------------------------------------------------------------------------


def readable(md: str) -> str:
    """A sentence's markdown as text to build a question from: emphasis and code marks,
    links and escapes gone; underscores in names (TIME_WAIT) kept."""
    text = _LINK.sub(lambda m: m[1], md) if "](" in md else md
    text = text.replace("**", "").replace("`", "")
    return _ESCAPE.sub(r"\1", text) if "\\" in text else text


# A subject that points elsewhere or names only an aspect does not say what it is about.
_VAGUE_SUBJECT = re.compile(r"\b(?:this|that|these|those|its|their|main idea|idea|goal|purpose|aim)\b", re.IGNORECASE)
_ASIDE_ANY = re.compile(r"\s?[（(][^（）()]*[）)]")
_ASIDE = re.compile(r"\s?[（(][^（）()]{" + str(MAX_ASIDE) + r",}[）)]")
_CJK_LATIN = re.compile(r"(?<=[A-Za-z0-9])(?=[" + HAN_RANGES + r"])|(?<=[" + HAN_RANGES + r"])(?=[A-Za-z0-9])")
_SPACED = re.compile(r"[A-Za-z0-9] [" + HAN_RANGES + r"]|[" + HAN_RANGES + r"] [A-Za-z0-9]")


def _tidy(question: str, sentence: str) -> str:
    """Long asides dropped, brackets left open by a cut closed off, and Latin words spaced
    from Chinese ones as the note spaces them."""
    question = _ASIDE.sub("", question)
    for opening, closing in (("（", "）"), ("(", ")"), ("“", "”"), ("「", "」")):
        if question.count(opening) != question.count(closing):
            question = question.replace(opening, "").replace(closing, "")
    if _SPACED.search(sentence):
        question = _CJK_LATIN.sub(" ", question)
    return question


# A sentence that goes on with the one before it: what follows from it.
_GOES_ON = re.compile(r"^(?:于是|这时|此时|然后|接着|随后|因此|所以)[，,]?\s*(?P<effect>[^。；;]+)")


@lru_cache(maxsize=1024)  # a sentence is asked by its shape, as a run's first and to see if it asks alone
def ask(md: str) -> Question | None:
    """The question the sentence `md` answers, or None when it has no shape known here.
    A run of sentences is asked by its first; the one shape asked from a later sentence
    is a naming ("……这就是快速重传"), which names what the sentences before it describe."""
    # Bracketed asides (glosses, figure numbers) are detail: the question is asked without them.
    text = readable(md)
    if "(" in text or "（" in text:
        text = _ASIDE_ANY.sub("", text)
    text = " ".join(text.split())
    first, *rest = _SENTENCES.split(text, maxsplit=1)  # only the first sentence is asked
    first = first.strip()
    if not first:
        return None
    chinese = has_cjk(text)
    question = _zh(first) if has_cjk(first) else _en(first)
    if question is None and rest and rest[0].strip():
        question = _naming(text)
    elif question is not None and question.form is Form.CONDITION and question.keyed is None and rest \
            and (going_on := _GOES_ON.match(rest[0].strip())):
        # "当 cwnd = 24 时，出现了超时。于是调整 ssthresh = 12，设置 cwnd = 1": the sentence after
        # the condition says what it changes; asked by that, as a condition's own effect would be
        changed = zh_settings(going_on["effect"]) if chinese else en_settings(going_on["effect"])
        head = question.text.removesuffix("，会怎样？")
        if changed and chinese and head != question.text:
            question = Question(f"{head}，{changed}？", Form.CONDITION, keyed=question.text)
    if question is None:
        return None
    text = _tidy(question.text, first)
    keyed = _tidy(question.keyed, first) if question.keyed else None
    subject = question.subject
    if subject is not None and _VAGUE_SUBJECT.search(subject):
        subject = None  # "the main idea": it needs its heading
    if len(text) > (MAX_QUESTION if chinese else MAX_QUESTION_LATIN) or letters(text) < MIN_SUBJECT_LETTERS:
        return None
    return Question(text, question.form, subject, keyed)
