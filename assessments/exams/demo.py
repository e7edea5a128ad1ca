"""Demo exams: a 150-question onboarding bank (English and Chinese), six certification exams built from
blueprints, about 200 past attempts with realistic answer patterns, and valid/expiring/expired certifications."""

from __future__ import annotations

import math
import random
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from accounts.demo import demo_email
from accounts.models import User
from accounts.roles import Role

from .models import (
    Attempt,
    BlueprintRule,
    Category,
    Certification,
    Difficulty,
    Exam,
    Question,
    QuestionBank,
    QuestionVersion,
    Response,
)
from .review import ITEMS as REVIEW_ITEMS
from .review import TIMINGS as REVIEW_TIMINGS
from .review import review_options_default
from .services import add_months
from .vocabulary import QuestionType

BANK_SLUG = "onboarding"
# Product categories → the slug of their page in the content library (courses/demo_content.py).
CONTENT_PAGES = {
    "Products/Lumora Field": "lumora-field",
    "Products/Lumora Insight": "lumora-insight",
    "Products/Lumora Ledger": "lumora-ledger",
}

# category → ((exam title, its Chinese title),
#             facts: (term EN, term 中文, statement EN, statement 中文, myth EN, myth 中文)).
# The term is the sentence's subject in both languages: "{term} {statement}." and "{term_zh}{statement_zh}。";
# the myth is a plausible false statement about the same term, so every stem and answer is a whole sentence.
Fact = tuple[str, str, str, str, str, str]
TOPICS: dict[str, tuple[tuple[str, str], list[Fact]]] = {
    # The three products of the content library (courses/demo_content.py), with facts taken from their pages.
    "Products/Lumora Field": (
        ("Certified: Lumora Field", "Lumora Field 现场服务云认证"),
        [
            (
                "Lumora Field",
                "Lumora Field 现场服务云",
                "fits service teams with 50 to 2,000 field technicians",
                "最适合拥有 50 到 2000 名外勤工程师的服务团队",
                "is built for teams of fewer than ten technicians",
                "专为不足 10 名工程师的小团队设计",
            ),
            (
                "dispatch",
                "派单",
                "assigns jobs by skill, location and SLA in one click",
                "按技能、位置和 SLA 一键完成",
                "is done by hand from a shared spreadsheet",
                "靠人工在共享表格里完成",
            ),
            (
                "the job card",
                "工单",
                "carries parts and service history so first-time fix rises above 85%",
                "附带备件和服务历史，让首次修复率超过 85%",
                "shows only the customer's address",
                "只显示客户地址",
            ),
            (
                "the signed report",
                "签字报告",
                "reaches the customer before the technician leaves the site",
                "在工程师离开现场前发给客户",
                "is posted to the customer at the end of the month",
                "在月底才邮寄给客户",
            ),
            (
                "billing",
                "开票",
                "starts when the job is closed",
                "在工单完工时自动开始",
                "starts only after the quarterly audit",
                "要等季度审计后才开始",
            ),
        ],
    ),
    "Products/Lumora Insight": (
        ("Certified: Lumora Insight", "Lumora Insight 营收洞察认证"),
        [
            (
                "Lumora Insight",
                "Lumora Insight 营收洞察",
                "joins pipeline, billing and cash collection in one view",
                "把商机、计费和回款数据打通到一个视图",
                "replaces the CRM and the ERP",
                "取代 CRM 和 ERP 系统",
            ),
            (
                "the forecast",
                "预测",
                "is built from stage history and payment behaviour",
                "基于商机阶段历史和回款行为建立",
                "is typed in by each seller at the end of the quarter",
                "由每位销售在季度末手工填报",
            ),
            (
                "the ideal customer",
                "理想客户",
                "has annual recurring revenue of 20 to 500 million RMB",
                "年度经常性收入在 2000 万到 5 亿元之间",
                "has fewer than 20 employees",
                "员工不足 20 人",
            ),
            (
                "the economic buyers",
                "经济决策者",
                "are the CRO, the CFO and the RevOps lead",
                "是首席营收官、财务总监和营收运营负责人",
                "are the sales reps who use the dashboards",
                "是使用仪表板的一线销售",
            ),
            (
                "one number",
                "统一口径",
                "means one definition of bookings, revenue and cash",
                "指签约、收入和回款使用同一套定义",
                "means each department keeps its own definition",
                "指各部门各自保留自己的口径",
            ),
        ],
    ),
    "Products/Lumora Ledger": (
        ("Certified: Lumora Ledger", "Lumora Ledger 财务结账云认证"),
        [
            (
                "Lumora Ledger",
                "Lumora Ledger 财务结账云",
                "fits companies with 200 to 5,000 employees and three or more legal entities",
                "最适合 200 到 5000 人、至少 3 个法人主体的企业",
                "fits only single-entity companies with fewer than 50 employees",
                "只适合单一法人主体、不足 50 人的企业",
            ),
            (
                "reconciliation",
                "对账",
                "runs every night across entities and ERPs",
                "每晚跨法人主体和 ERP 自动完成",
                "runs once a year, at the audit",
                "每年只在审计时做一次",
            ),
            (
                "the month-end close",
                "月结",
                "drops from 10–15 working days to 4–5",
                "从 10–15 个工作日缩短到 4–5 个",
                "takes longer, but with fewer people",
                "耗时更长，但所需人手更少",
            ),
            (
                "intercompany differences",
                "关联方差异",
                "are flagged on the day they are posted",
                "在过账当天就被预警",
                "are found at year-end by the auditors",
                "要到年底才由审计师发现",
            ),
            (
                "the pricing",
                "定价",
                "is per legal entity per month, in three tiers",
                "按法人主体按月计费，分三档",
                "is a one-off licence per user",
                "按用户一次性买断",
            ),
        ],
    ),
    "Methodology/Discovery": (
        ("Certified: Discovery and qualification", "需求挖掘认证"),
        [
            (
                "a discovery call",
                "需求挖掘电话",
                "starts with the customer's business pains, not the product",
                "从客户的业务痛点开始，而不是产品",
                "starts with a full product demo",
                "从完整的产品演示开始",
            ),
            (
                "qualification",
                "商机资格判断",
                "checks budget, authority, need and timing",
                "检查预算、决策权、需求和时间",
                "checks only whether the customer likes the product",
                "只看客户是否喜欢产品",
            ),
            (
                "an economic buyer",
                "经济决策者",
                "is the person who signs off the budget",
                "是批准预算的人",
                "is whoever uses the product every day",
                "是每天使用产品的人",
            ),
            (
                "a mutual action plan",
                "共同行动计划",
                "is agreed with the customer before the proposal",
                "在提交方案前与客户共同确定",
                "is written by the seller alone after the contract is signed",
                "由销售在签约后独自撰写",
            ),
            (
                "an appointment",
                "预约",
                "counts as won only when the customer confirms a date",
                "只有客户确认日期才算成功",
                "counts as won when the customer says “maybe later”",
                "在客户说“以后再说”时就算成功",
            ),
        ],
    ),
    "Methodology/Pipeline": (
        ("Certified: Pipeline and forecasting", "商机管理认证"),
        [
            (
                "a lead",
                "线索",
                "becomes an opportunity after qualification",
                "经过资格判断后成为商机",
                "becomes an opportunity as soon as it is entered in the CRM",
                "录入 CRM 就立即成为商机",
            ),
            (
                "the sales baseline",
                "销售基线",
                "is the starting point of the forecast",
                "是预测的起点",
                "is the target the seller would like to reach",
                "是销售希望达到的目标",
            ),
            (
                "deal grading",
                "商机分级",
                "decides which resources a deal gets",
                "决定商机获得哪些资源",
                "gives every deal the same resources",
                "让每个商机获得同样的资源",
            ),
            (
                "cash collection",
                "回款",
                "is the last stage of the sales process",
                "是销售流程的最后阶段",
                "is finance's job and not part of the sales process",
                "是财务的事，不属于销售流程",
            ),
            (
                "the win rate",
                "赢率",
                "is deals won divided by deals closed",
                "是赢单数除以已关闭商机数",
                "is deals won divided by leads received",
                "是赢单数除以收到的线索数",
            ),
        ],
    ),
    "Strategy/Iron triangle": (
        ("Certified: Strategy and the iron triangle", "战略与铁三角认证"),
        [
            (
                "the iron triangle",
                "铁三角",
                "joins the account, solution and delivery owners",
                "由客户经理、方案经理和交付经理组成",
                "is the seller, their manager and HR",
                "由销售、其经理和人力资源组成",
            ),
            (
                "sales success",
                "销售成功",
                "needs relationship, solution, commercial and delivery strength",
                "需要客户关系、方案、商务和交付能力",
                "depends only on the customer relationship",
                "只取决于客户关系",
            ),
            (
                "the strategy session",
                "战略共识会",
                "is held twice a year",
                "每年举行两次",
                "is held once every three years",
                "每三年举行一次",
            ),
            (
                "the talent review",
                "人才盘点",
                "happens once a year",
                "每年进行一次",
                "happens only when someone resigns",
                "只在有人离职时进行",
            ),
            (
                "standardized content",
                "标准化内容",
                "makes every seller tell the same story",
                "让每位销售讲同一个故事",
                "lets each seller invent their own pitch",
                "让每位销售自编一套说法",
            ),
        ],
    ),
}
DIFFICULTY_PLAN = [Difficulty.EASY] * 10 + [Difficulty.MEDIUM] * 10 + [Difficulty.HARD] * 5


def _capital(term: str) -> str:
    return f"{term[:1].upper()}{term[1:]}"


def _sentence(term: str, predicate: str) -> str:
    return f"{_capital(term)} {predicate}."


def _both(english: str, chinese: str) -> str:
    return f"{english}\n{chinese}"


def _questions_for(facts: list[Fact]) -> list[tuple[str, str, dict, int]]:
    """25 questions per topic, five per fact: a single choice, a true and a false statement, a multiple choice
    and a name-the-term; every stem and answer is complete in English and in Chinese."""
    out: list[tuple[str, str, dict, int]] = []
    for i, (term, term_zh, statement, statement_zh, myth, myth_zh) in enumerate(facts):
        truth = _both(_sentence(term, statement), f"{term_zh}{statement_zh}。")
        false = _both(_sentence(term, myth), f"{term_zh}{myth_zh}。")
        others = [f for f in facts if f[0] != term]
        following = facts[(i + 1) % len(facts)]
        out.append(
            (
                f"{term}: which is true?",
                "Which of these statements is true?\n以下哪一项说法正确？",
                {
                    "single": True,
                    "answers": [
                        {"text": truth, "fraction": 1.0, "feedback": ""},
                        *(
                            {
                                "text": _both(_sentence(o[0], o[4]), f"{o[1]}{o[5]}。"),
                                "fraction": 0.0,
                                "feedback": _both(_sentence(o[0], o[2]), f"{o[1]}{o[3]}。"),
                            }
                            for o in others[:3]
                        ),
                    ],
                },
                i,
            )
        )
        out.append(
            (
                f"{term}: true or false",
                f"True or false: {_sentence(term, statement)}\n判断正误：{term_zh}{statement_zh}。",
                {
                    "answers": [
                        {"text": "true", "fraction": 1.0, "feedback": ""},
                        {"text": "false", "fraction": 0.0, "feedback": truth},
                    ]
                },
                i,
            )
        )
        out.append(
            (
                f"{term}: spot the myth",
                f"True or false: {_sentence(term, myth)}\n判断正误：{term_zh}{myth_zh}。",
                {
                    "answers": [
                        {"text": "true", "fraction": 0.0, "feedback": truth},
                        {"text": "false", "fraction": 1.0, "feedback": truth},
                    ]
                },
                i,
            )
        )
        out.append(
            (
                f"{term}: pick all that apply",
                "Which statements are true? (Choose all that apply.)\n哪些说法正确？（多选）",
                {
                    "single": False,
                    "answers": [
                        {"text": truth, "fraction": 0.5, "feedback": ""},
                        {
                            "text": _both(
                                _sentence(following[0], following[2]), f"{following[1]}{following[3]}。"
                            ),
                            "fraction": 0.5,
                            "feedback": "",
                        },
                        {"text": false, "fraction": -0.5, "feedback": truth},
                    ],
                },
                i,
            )
        )
        out.append(
            (
                f"{term}: name it",
                f"Which term completes the sentence: “… {statement}”?\n"
                f"哪个概念符合这一描述：“……{statement_zh}”？",
                {
                    "single": True,
                    "answers": [
                        {"text": _both(_capital(term), term_zh), "fraction": 1.0, "feedback": ""},
                        *(
                            {"text": _both(_capital(o[0]), o[1]), "fraction": 0.0, "feedback": ""}
                            for o in others
                        ),
                    ][:4],
                },
                i,
            )
        )
    return out


def _category(bank: QuestionBank, path: str) -> Category:
    parent = None
    for name in path.split("/"):
        parent, _created = Category.objects.get_or_create(bank=bank, parent=parent, name=name)
    assert parent is not None
    return parent


@transaction.atomic
def seed_exams(*, seed: int = 20260501) -> None:
    if QuestionBank.objects.filter(slug=BANK_SLUG).exists():
        return
    rng = random.Random(seed)
    now = timezone.now()
    trainers = list(User.objects.filter(groups__name=Role.TRAINER).order_by("pk")[:2])
    author = trainers[0] if trainers else None
    approver = trainers[1] if len(trainers) > 1 else None
    bank = QuestionBank.objects.create(
        slug=BANK_SLUG,
        name="Onboarding quiz 新员工入职题库",
        description="Products, methodology and strategy.",
    )
    exams: list[tuple[Exam, list[tuple[Question, QuestionVersion, float]]]] = []
    for index, (path, (title, facts)) in enumerate(TOPICS.items()):
        category = _category(bank, path)
        # Product questions test their library page, so a material change there makes the certification due.
        content_page = (
            Page.objects.filter(slug=CONTENT_PAGES[path]).first() if path in CONTENT_PAGES else None
        )
        generated = _questions_for(facts)
        questions = Question.objects.bulk_create(
            [
                Question(
                    bank=bank,
                    category=category,
                    name=name,
                    status=Question.Status.APPROVED,
                    difficulty=DIFFICULTY_PLAN[n],
                    content_page=content_page,
                    # The pricing facts test the page's pricing section; a change elsewhere leaves them be.
                    content_section="pricing" if content_page and facts[fact][0] == "the pricing" else "",
                    author=author,
                    approved_by=approver,
                    approved_at=now - timedelta(days=500),
                )
                for n, (name, _text, _data, fact) in enumerate(generated)
            ]
        )
        versions = QuestionVersion.objects.bulk_create(
            [
                QuestionVersion(
                    question=q,
                    number=1,
                    qtype=QuestionType.MULTICHOICE if "single" in data else QuestionType.TRUEFALSE,
                    text=text,
                    text_format="plain",
                    data=data,
                    author=author,
                    delivered_at=now - timedelta(days=480),
                )
                for q, (_name, text, data, _fact) in zip(questions, generated, strict=True)
            ]
        )
        exam = Exam.objects.create(
            bank=bank,
            slug=f"cert-{path.split('/')[-1].lower().replace(' ', '-')}",
            title_en=title[0],
            title_zh_hans=title[1],
            description_en="Certification exam for the sales team.",
            description_zh_hans="销售团队认证考试。",
            status=Exam.Status.PUBLISHED,
            time_limit_minutes=30,
            pass_mark=70,
            attempts_allowed=3,
            cooldown_hours=24,
            # Three ways to run a review: the defaults, everything at once, marks only.
            review_options=[
                review_options_default(),
                {t: list(REVIEW_ITEMS) for t in REVIEW_TIMINGS},
                {t: ["marks"] for t in REVIEW_TIMINGS},
            ][index % 3],
            certifying=True,
            validity_months=12,
            created_by=author,
            published_at=now - timedelta(days=470),
        )
        for difficulty, count in ((Difficulty.EASY, 10), (Difficulty.MEDIUM, 10), (Difficulty.HARD, 5)):
            BlueprintRule.objects.create(exam=exam, category=category, difficulty=difficulty, count=count)
        # Item difficulty on a logit scale; a few deliberately poor items (near-random answers) for the statistics.
        exams.append(
            (
                exam,
                [
                    (
                        q,
                        v,
                        {1: -1.2, 2: 0.0, 3: 1.0}[int(q.difficulty)] + rng.gauss(0, 0.4),
                    )
                    for q, v in zip(questions, versions, strict=True)
                ],
            )
        )
    _seed_attempts(rng, now, exams)


def _seed_attempts(rng: random.Random, now, exams) -> None:
    # History for the long-serving learners. The README's learner@ started three days ago and is mid-path: no
    # attempt (nor a capstone pass) dated before their start; their exams are open on "My onboarding".
    learners = list(
        User.objects.filter(groups__name=Role.LEARNER).exclude(email=demo_email("learner")).order_by("pk")
    )
    if not learners:
        return
    ability = {u.pk: rng.gauss(0.6, 0.9) for u in learners}
    attempts: list[Attempt] = []
    plans: list[tuple[Attempt, list[tuple[QuestionVersion, float, bool]]]] = []
    target = 200
    slots = [(u, e) for u in learners for e in exams]
    rng.shuffle(slots)
    for user, (exam, items) in slots:
        if len(attempts) >= target:
            break
        tries = 1 if rng.random() < 0.6 else 2  # enough retakes to reach the target without learner@
        start = now - timedelta(days=rng.randint(20, 450), minutes=rng.randint(0, 600))
        for number in range(1, tries + 1):
            started = start + timedelta(days=3 * (number - 1))
            order = list(range(len(items)))
            rng.shuffle(order)
            answers = []
            for i in order:
                _q, version, difficulty = items[i]
                noisy = i % 11 == 7  # a handful of ambiguous items that do not discriminate
                p = (
                    0.5
                    if noisy
                    else 1 / (1 + math.exp(-(ability[user.pk] + 0.4 * (number - 1) - difficulty)))
                )
                answers.append((version, difficulty, rng.random() < p))
            attempt = Attempt(
                exam=exam,
                user=user,
                number=number,
                state=Attempt.State.SUBMITTED,
                seed=rng.getrandbits(48),
                started_at=started,
                deadline=started + timedelta(minutes=30),
                submitted_at=started + timedelta(minutes=rng.randint(8, 29)),
                max_marks=float(len(items)),
            )
            attempts.append(attempt)
            plans.append((attempt, answers))
    Attempt.objects.bulk_create(attempts)
    responses = []
    certifications = []
    for attempt, answers in plans:
        marks = 0.0
        for position, (version, _difficulty, right) in enumerate(answers, start=1):
            data = version.data
            keys = data["answers"]
            order = list(range(len(keys)))
            rng.shuffle(order)
            if version.qtype == QuestionType.MULTICHOICE and not data.get("single", True):
                chosen = [i for i, a in enumerate(keys) if a["fraction"] > 0] if right else [0, 2]
                fraction = max(0.0, min(1.0, sum(keys[i]["fraction"] for i in chosen)))
                value: object = [order.index(i) for i in chosen]
            elif version.qtype == QuestionType.MULTICHOICE:
                best = max(range(len(keys)), key=lambda i: keys[i]["fraction"])
                pick = best if right else rng.choice([i for i in range(len(keys)) if i != best])
                fraction = max(0.0, keys[pick]["fraction"])
                value = order.index(pick)
            else:
                truth = next(a["text"] for a in keys if a["fraction"] == 1.0)
                value = truth if right else ("false" if truth == "true" else "true")
                fraction = 1.0 if right else 0.0
                order = []
            marks += fraction
            responses.append(
                Response(
                    attempt=attempt,
                    position=position,
                    version=version,
                    choice_order=order,
                    max_mark=1.0,
                    value=value,
                    seq=1,
                    saved_at=attempt.started_at,
                    fraction=fraction,
                )
            )
        attempt.marks = marks
        attempt.score = round(100 * marks / attempt.max_marks, 4)
        attempt.passed = attempt.score >= float(attempt.exam.pass_mark)
        if attempt.passed:
            assert attempt.submitted_at is not None
            certifications.append(
                Certification(
                    user=attempt.user,
                    exam=attempt.exam,
                    attempt=attempt,
                    code="".join(secrets.choice("23456789ABCDEFGHJKMNPQRSTUVWXYZ") for _ in range(12)),
                    issued_at=attempt.submitted_at,
                    expires_at=add_months(attempt.submitted_at, 12),
                )
            )
    Response.objects.bulk_create(responses, batch_size=1000)
    Attempt.objects.bulk_update(attempts, ["marks", "score", "passed"], batch_size=500)
    # One certification per person and exam: the newest pass.
    newest: dict[tuple[int, int], Certification] = {}
    for cert in sorted(certifications, key=lambda c: c.issued_at):
        newest[(cert.user_id, cert.exam_id)] = cert
    Certification.objects.bulk_create(list(newest.values()))
