"""Demo library text for the fictional B2B SaaS company Lumora Cloud (络明云), in English with Chinese alongside."""

from __future__ import annotations

from typing import Any

COMPANY = "Lumora Cloud 络明云"


def _p(text: str) -> str:
    return f"<p>{text}</p>"


def body(
    *,
    overview: tuple[str, str],
    industries: list[str],
    size: str,
    buyers: list[str],
    icp_zh: str,
    pains: list[tuple[str, str]],
    pains_zh: str,
    pitch: tuple[str, str],
    questions: list[str],
    questions_zh: str,
    objections: list[tuple[str, str]],
    objections_zh: str,
    competitors: list[tuple[str, str, str, str]],
    competitors_zh: str,
    proof: list[tuple[str, str, str]],
    proof_zh: str,
    pricing: tuple[str, str],
) -> list[dict[str, Any]]:
    """Raw StreamField data for a fully filled product/solution page."""
    return [
        {"type": "overview", "value": {"text": _p(overview[0]), "text_zh": overview[1]}},
        {
            "type": "ideal_customer_profile",
            "value": {
                "industries": industries,
                "company_size": size,
                "buyer_roles": buyers,
                "notes_zh": icp_zh,
            },
        },
        {
            "type": "pains_value",
            "value": {"items": [{"pain": p, "value": v} for p, v in pains], "notes_zh": pains_zh},
        },
        {"type": "elevator_pitch", "value": {"pitch": pitch[0], "pitch_zh": pitch[1]}},
        {"type": "discovery_questions", "value": {"questions": questions, "notes_zh": questions_zh}},
        {
            "type": "objections",
            "value": {
                "items": [{"objection": o, "response": r} for o, r in objections],
                "notes_zh": objections_zh,
            },
        },
        {
            "type": "competitors",
            "value": {
                "items": [
                    {"competitor": c, "where_we_win": w, "where_we_lose": lo, "landmines": lm}
                    for c, w, lo, lm in competitors
                ],
                "notes_zh": competitors_zh,
            },
        },
        {
            "type": "proof_points",
            "value": {
                "items": [{"customer": c, "story": s, "result": r} for c, s, r in proof],
                "notes_zh": proof_zh,
            },
        },
        {"type": "pricing", "value": {"notes": _p(pricing[0]), "notes_zh": pricing[1]}},
    ]


# slug → (kind, title, summary, review overdue?, body)
PAGES: dict[str, tuple[str, str, str, bool, list[dict[str, Any]]]] = {
    "lumora-ledger": (
        "product",
        "Lumora Ledger 财务结账云",
        "Month-end close automation for multi-entity finance teams. 多主体财务团队的月结自动化。",
        False,
        body(
            overview=(
                "Lumora Ledger automates the month-end close: bank and intercompany reconciliations, accruals and "
                "the close checklist run in one place, with an audit trail the auditors accept as is.",
                "Lumora Ledger 把月末结账自动化：银行对账、关联方往来对账、计提和结账清单集中在一处完成，"
                "审计留痕可直接交给审计师使用。",
            ),
            industries=["Manufacturing 制造业", "Distribution 分销", "Retail chains 连锁零售"],
            size="200–5,000 employees, 3 or more legal entities",
            buyers=["CFO 财务总监", "Financial controller 财务经理", "Shared-services lead 共享中心负责人"],
            icp_zh="理想客户：200–5000 人、至少 3 个法人主体、仍在用 Excel 做合并与对账的企业。",
            pains=[
                ("The close takes 10–15 working days", "Close in 4–5 days: reconciliations run every night"),
                ("Intercompany differences found at year-end", "Mismatches flagged the day they are posted"),
                (
                    "Auditors ask for the same evidence every year",
                    "Every match and sign-off is kept with its proof",
                ),
            ],
            pains_zh="结账周期长、关联方差异年底才发现、审计取证重复——我们分别用每日自动对账、过账即预警、全程留痕来解决。",
            pitch=(
                "Finance teams with several entities lose two weeks every month reconciling spreadsheets. "
                "Lumora Ledger runs those reconciliations every night and keeps the proof, so you close in five "
                "days and your auditors find everything in one place.",
                "多主体的财务团队每月要花两周在表格里对账。Lumora Ledger 每晚自动完成对账并保留证据，"
                "让您五天内结账，审计师在一个地方就能找到全部资料。",
            ),
            questions=[
                "How many working days does your month-end close take today?",
                "Where do intercompany differences get found, and by whom?",
                "What did last year's audit ask you to re-create by hand?",
                "Which ERP systems feed your general ledger?",
            ],
            questions_zh="现在月结需要几个工作日？关联方差异在哪个环节、由谁发现？去年审计要求手工补了哪些资料？总账数据来自哪些 ERP？",
            objections=[
                (
                    "Our ERP already does reconciliations.",
                    "It matches one bank account at a time; Ledger matches "
                    "across entities and ERPs and keeps the checklist and sign-offs with the evidence.",
                ),
                (
                    "We can't change our process before year-end.",
                    "Start with bank reconciliations for one entity in "
                    "November; nothing in your ERP changes.",
                ),
            ],
            objections_zh="“ERP 已经能对账” —— ERP 只能逐个账户对账，我们跨主体、跨系统并保留签核证据。“年底前不能改流程” —— 先从一个主体的银行对账开始，ERP 不做任何改动。",
            competitors=[
                (
                    "CloseCo",
                    "Multi-ERP matching, Chinese statutory reports",
                    "Brand recognition in US enterprises",
                    "Ask how many ERPs they connect without services work",
                ),
                (
                    "Spreadsheets + macros",
                    "Audit trail, no key-person risk",
                    "Zero licence cost",
                    "Ask who maintains the macros when that person leaves",
                ),
            ],
            competitors_zh="对 CloseCo：我们支持多 ERP 和中国法定报表；对 Excel 宏：我们有审计留痕、无关键人员风险。",
            proof=[
                (
                    "Huaxin Components 华信电子",
                    "Seven entities in China and Vietnam; close went from 12 to 5 days in two quarters.",
                    "12 → 5 days",
                ),
                (
                    "Pacific Home Retail",
                    "Intercompany differences at year-end fell from 214 to 9.",
                    "−96 % differences",
                ),
            ],
            proof_zh="华信电子：7 个主体，两个季度内结账从 12 天缩短到 5 天。",
            pricing=(
                "Per legal entity per month, in three tiers (Starter up to 3 entities, Growth up to 15, Enterprise "
                "unlimited). Implementation is a fixed fee. Discounts above 15 % need the sales director's approval.",
                "按法人主体按月计费，分三档（入门版≤3 个主体、成长版≤15 个、企业版不限）。实施为固定费用。折扣超过 15% 需销售总监审批。",
            ),
        ),
    ),
    "lumora-field": (
        "product",
        "Lumora Field 现场服务云",
        "Scheduling and mobile work orders for field service teams. 现场服务团队的排班与移动工单。",
        False,
        body(
            overview=(
                "Lumora Field schedules technicians, puts work orders on their phones and sends the signed report to "
                "the customer before the van leaves the site.",
                "Lumora Field 为工程师智能排班，把工单推送到手机上，工程师离开现场前就把签字报告发给客户。",
            ),
            industries=[
                "Equipment makers 设备制造商",
                "Facilities services 物业设施服务",
                "Medical devices 医疗器械",
            ],
            size="50–2,000 field technicians",
            buyers=["Head of service 服务总监", "Operations manager 运营经理", "CIO 信息化负责人"],
            icp_zh="有 50 名以上外勤工程师、仍靠电话和微信群派单的设备与服务企业。",
            pains=[
                (
                    "Dispatch by phone and chat groups",
                    "Jobs assigned by skill, location and SLA in one click",
                ),
                ("First-time fix rate below 70 %", "Parts and history on the job card: 85 %+ first-time fix"),
                ("Paper reports reach billing a week late", "Signed report and invoice trigger on job close"),
            ],
            pains_zh="电话派单、首次修复率低、纸质报告延迟开票——对应智能派单、工单带备件与历史、完工即开票。",
            pitch=(
                "Service teams lose margin when the wrong technician arrives without the right part. Lumora Field "
                "sends the right person with the right part and bills the job before they drive away.",
                "派错人、缺备件，服务利润就流失了。Lumora Field 让对的人带着对的备件上门，工程师离开前就完成开票。",
            ),
            questions=[
                "How are jobs assigned to technicians today?",
                "What is your first-time fix rate, and how do you measure it?",
                "How long from job done to invoice sent?",
            ],
            questions_zh="现在如何派单？首次修复率是多少、怎么统计？从完工到开票要多久？",
            objections=[
                (
                    "Our technicians won't use an app.",
                    "It works offline and takes three taps to close a job; pilot "
                    "teams reach 95 % use in two weeks.",
                ),
                (
                    "We already have a CRM with a service module.",
                    "Field connects to it: the CRM keeps the customer, Field runs the day.",
                ),
            ],
            objections_zh="“工程师不会用 App” —— 支持离线，三步完工，试点两周使用率达 95%。",
            competitors=[
                (
                    "ServiceMax-style suites",
                    "Weeks to go live, not quarters",
                    "Deep asset-management modules",
                    "Ask for their go-live time for 100 technicians",
                ),
            ],
            competitors_zh="与大型套件相比：我们几周上线，而不是几个季度。",
            proof=[
                (
                    "Jinghua Elevators 京华电梯",
                    "1,200 technicians across 30 cities; first-time fix up from 68 % to 87 %.",
                    "+19 pts first-time fix",
                ),
            ],
            proof_zh="京华电梯：30 个城市 1200 名工程师，首次修复率从 68% 提升到 87%。",
            pricing=(
                "Per active technician per month; dispatcher seats are free. Annual prepay earns two months free.",
                "按活跃工程师按月计费，调度员席位免费。年付赠送两个月。",
            ),
        ),
    ),
    "lumora-insight": (
        "product",
        "Lumora Insight 营收洞察",
        "Revenue analytics that join CRM, billing and finance. 打通 CRM、计费与财务的营收分析。",
        True,
        body(
            overview=(
                "Lumora Insight joins pipeline, billing and cash collection so revenue leaders see one number for "
                "bookings, revenue and cash, and a forecast they can defend.",
                "Lumora Insight 打通商机、计费和回款数据，让营收负责人看到统一的签约、收入和回款数字，以及经得起推敲的预测。",
            ),
            industries=["B2B software 企业软件", "Professional services 专业服务"],
            size="ARR of 20–500 million RMB",
            buyers=["CRO 首席营收官", "CFO 财务总监", "RevOps lead 营收运营负责人"],
            icp_zh="年度经常性收入 2000 万到 5 亿元、销售和财务对数字经常对不上的企业。",
            pains=[
                (
                    "Sales and finance report different numbers",
                    "One definition of bookings, revenue and cash",
                ),
                ("Forecasts are gut feel", "Forecast built from stage history and payment behaviour"),
            ],
            pains_zh="销售与财务数字不一致、预测靠感觉——统一口径，并用历史阶段和回款行为做预测。",
            pitch=(
                "When sales and finance argue about the number, nobody trusts the forecast. Lumora Insight gives both "
                "one number, from the first call to cash in the bank.",
                "销售和财务为数字争论时，没人相信预测。Lumora Insight 从第一次沟通到回款，给双方同一个数字。",
            ),
            questions=[
                "How far apart were sales' and finance's numbers last quarter?",
                "How is your forecast built today?",
            ],
            questions_zh="上季度销售和财务的数字差了多少？现在的预测是怎么做出来的？",
            objections=[
                (
                    "We have a BI team.",
                    "Insight gives them clean, joined data; they stop rebuilding the pipeline every month.",
                ),
            ],
            objections_zh="“我们有 BI 团队” —— Insight 为他们提供打通的干净数据，不必每月重建数据管道。",
            competitors=[
                (
                    "Generic BI tools",
                    "Ready-made revenue model",
                    "Flexible dashboards for any domain",
                    "Ask how long their last revenue dashboard took to build",
                ),
            ],
            competitors_zh="对通用 BI：我们自带营收模型，开箱即用。",
            proof=[
                (
                    "Qingyun Software 青云软件",
                    "Forecast error fell from 22 % to 6 % in three quarters.",
                    "22 % → 6 %",
                ),
            ],
            proof_zh="青云软件：三个季度内预测误差从 22% 降到 6%。",
            pricing=(
                "Platform fee plus per connected source; sold only with Ledger or to existing customers this year.",
                "平台费加按数据源计费；今年只与 Ledger 搭配或向现有客户销售。",
            ),
        ),
    ),
    "manufacturing-close": (
        "solution",
        "Manufacturing month-end close 制造业月结解决方案",
        "Ledger + Insight for multi-plant manufacturers. 面向多工厂制造企业的 Ledger + Insight 组合。",
        False,
        body(
            overview=(
                "For manufacturers with several plants and legal entities: Ledger closes the books, Insight explains "
                "margin by plant and product line. Sold by the iron triangle: account owner, solution owner, delivery owner.",
                "面向多工厂、多法人主体的制造企业：Ledger 负责结账，Insight 按工厂和产品线解释毛利。由铁三角（客户经理、方案经理、交付经理）共同销售。",
            ),
            industries=["Discrete manufacturing 离散制造", "Electronics 电子", "Auto parts 汽车零部件"],
            size="1,000–10,000 employees, 3+ plants",
            buyers=["CFO 财务总监", "Plant controller 工厂财务", "COO 运营总监"],
            icp_zh="三个以上工厂、按工厂核算毛利、集团合并报表耗时长的制造企业。",
            pains=[
                ("Plant margins are known a month late", "Margin by plant on day 5"),
                ("Consolidation is a spreadsheet marathon", "Automated eliminations across entities"),
            ],
            pains_zh="工厂毛利滞后一个月、合并报表靠表格——第 5 天看到工厂毛利，自动抵销。",
            pitch=(
                "Multi-plant manufacturers find out which plant lost money a month too late. We close the books in "
                "five days and show margin by plant the same week.",
                "多工厂制造企业往往晚一个月才知道哪个工厂亏损。我们五天结账，当周就能按工厂看到毛利。",
            ),
            questions=[
                "Which plant's margin surprised you most last year?",
                "Who builds the consolidation today?",
            ],
            questions_zh="去年哪个工厂的毛利最出乎意料？现在合并报表由谁来做？",
            objections=[
                (
                    "This is a finance project, not an IT project.",
                    "Right: finance owns it; IT connects the ERP once, in about two weeks.",
                )
            ],
            objections_zh="“这是财务项目不是 IT 项目” —— 对，由财务主导，IT 只需约两周完成一次 ERP 对接。",
            competitors=[
                (
                    "ERP vendor add-ons",
                    "Multi-ERP, fast to value",
                    "Single-vendor story",
                    "Ask what happens for plants on a different ERP",
                )
            ],
            competitors_zh="对 ERP 原厂插件：我们支持多 ERP，见效快。",
            proof=[
                (
                    "Huaxin Components 华信电子",
                    "Plant-level margin available on day 5 instead of day 30.",
                    "Day 30 → day 5",
                )
            ],
            proof_zh="华信电子：工厂毛利从第 30 天提前到第 5 天可见。",
            pricing=(
                "Bundle: Ledger Growth + Insight platform at 10 % below list; the solution owner must join the "
                "proposal review.",
                "组合价：Ledger 成长版 + Insight 平台，较目录价低 10%；方案经理必须参加方案评审。",
            ),
        ),
    ),
    "retail-store-operations": (
        "solution",
        "Retail store operations 零售门店运营解决方案",
        "Field + Insight for chains with hundreds of stores. 面向数百家门店连锁企业的 Field + Insight 组合。",
        False,
        body(
            overview=(
                "For retail chains: Field runs store maintenance and equipment service, Insight links downtime to "
                "lost sales so operations can prioritise the repairs that matter.",
                "面向零售连锁：Field 管理门店维修和设备服务，Insight 把停机与销售损失关联起来，帮助运营优先处理关键维修。",
            ),
            industries=["Grocery 商超", "Restaurants 餐饮连锁", "Convenience stores 便利店"],
            size="200+ stores",
            buyers=["COO 运营总监", "Facilities director 工程设施总监"],
            icp_zh="200 家以上门店、设备故障直接影响销售（冷柜、咖啡机、收银）的连锁企业。",
            pains=[
                ("Broken freezers mean lost stock", "Alerts and dispatch within 30 minutes"),
                ("No view of repair cost per store", "Cost and downtime per store and per asset"),
            ],
            pains_zh="冷柜故障导致损耗、单店维修成本不透明——30 分钟内派单，按门店和资产统计成本与停机。",
            pitch=(
                "Every hour a freezer is down costs a store its stock and its customers. We get the right technician "
                "there within the hour and show you what each store's equipment really costs.",
                "冷柜每停机一小时，门店就损失货品和顾客。我们一小时内让对的工程师到店，并告诉您每家门店设备的真实成本。",
            ),
            questions=[
                "How many equipment failures did your stores log last month?",
                "How do you decide which repair goes first?",
            ],
            questions_zh="上个月门店记录了多少次设备故障？如何决定先修哪一个？",
            objections=[
                (
                    "Our landlords handle maintenance.",
                    "For the building, yes; your freezers and coffee "
                    "machines are yours, and so are the lost sales.",
                )
            ],
            objections_zh="“房东负责维修” —— 建筑由房东负责，但冷柜和咖啡机是您的，销售损失也是您的。",
            competitors=[
                (
                    "Facility-management outsourcers",
                    "You keep control and the data",
                    "They take the whole problem away",
                    "Ask for their per-store downtime report",
                )
            ],
            competitors_zh="对设施外包商：您保留控制权和数据。",
            proof=[
                (
                    "FreshWay Markets 鲜途超市",
                    "Freezer downtime halved across 420 stores in six months.",
                    "−50 % downtime",
                )
            ],
            proof_zh="鲜途超市：420 家门店，六个月内冷柜停机时间减半。",
            pricing=(
                "Per store per month, including up to five technicians per region; Insight added at cost for the "
                "first year.",
                "按门店按月计费，每个区域含最多五名工程师；首年 Insight 按成本价提供。",
            ),
        ),
    ),
}

# course slug → (title, intro, [(lesson title, minutes, library slug or "", section, (question, right, wrong))])
COURSES: list[tuple[str, str, str, list[tuple[str, int, str, str, tuple[str, str, str] | None]]]] = [
    (
        "welcome-to-lumora",
        "Welcome to Lumora 认识络明云",
        "Who we are, who buys from us and how we sell. 我们是谁、谁在购买、我们如何销售。",
        [
            ("Our story and our customers 我们的故事与客户", 10, "", "", None),
            (
                "The ideal customer profile 理想客户画像",
                12,
                "lumora-ledger",
                "ideal_customer_profile",
                (
                    "Which company fits Ledger best? 哪家公司最适合 Ledger？",
                    "A 600-person distributor with 5 entities 有 5 个法人主体、600 人的分销商",
                    "A 20-person start-up with one entity 只有 1 个法人主体、20 人的初创公司",
                ),
            ),
            ("Standardized content: why everyone tells one story 标准化内容", 8, "", "", None),
            ("Where to find answers: the library 产品资料库", 6, "", "", None),
            ("Your first week 第一周安排", 5, "", "", None),
        ],
    ),
    (
        "selling-lumora-ledger",
        "Selling Lumora Ledger 销售财务结账云",
        "Pitch, discovery and objections for Ledger. Ledger 的电梯演讲、需求挖掘与异议处理。",
        [
            ("The 30-second pitch 30 秒电梯演讲", 10, "lumora-ledger", "elevator_pitch", None),
            (
                "Pains and value 痛点与价值",
                12,
                "lumora-ledger",
                "pains_value",
                (
                    "What does Ledger do about intercompany differences? Ledger 如何处理关联方差异？",
                    "Flags them the day they are posted 在过账当天就发出预警",
                    "Fixes them at year-end 到年底统一修正",
                ),
            ),
            ("Discovery questions 需求挖掘问题", 15, "lumora-ledger", "discovery_questions", None),
            (
                "Handling objections 异议处理",
                15,
                "lumora-ledger",
                "objections",
                (
                    "The customer says their ERP reconciles already. You… 客户说 ERP 已经能对账，您应该……",
                    "Ask how they match across entities, then explain cross-entity matching and sign-offs "
                    "先问客户如何跨主体对账，再说明跨主体匹配与签核留痕",
                    "Offer a discount 给个折扣",
                ),
            ),
            ("Pricing and packaging 定价与打包", 10, "lumora-ledger", "pricing", None),
        ],
    ),
    (
        "selling-field-and-insight",
        "Selling Field and Insight 销售现场服务云与营收洞察",
        "Two more products, one story. 另外两款产品，同一个故事。",
        [
            ("Field in 30 seconds 现场服务云电梯演讲", 8, "lumora-field", "elevator_pitch", None),
            (
                "Field: winning against suites 与大型套件竞争",
                12,
                "lumora-field",
                "competitors",
                (
                    "Where do we beat the big suites? 我们在哪方面胜过大型套件？",
                    "Time to go live 上线速度",
                    "Depth of asset management 资产管理的深度",
                ),
            ),
            ("Field proof points 成功案例", 8, "lumora-field", "proof_points", None),
            ("Insight: one number for sales and finance 统一口径", 12, "lumora-insight", "overview", None),
            ("Insight: who buys 购买角色", 8, "lumora-insight", "ideal_customer_profile", None),
        ],
    ),
    (
        "solutions-manufacturing-retail",
        "Solutions: manufacturing and retail 行业解决方案",
        "Selling combinations with the iron triangle. 与铁三角一起销售组合方案。",
        [
            ("Manufacturing close: the story 制造业月结方案", 12, "manufacturing-close", "overview", None),
            ("Manufacturing: pains and value 制造业痛点", 10, "manufacturing-close", "pains_value", None),
            ("Retail operations: the story 零售门店方案", 12, "retail-store-operations", "overview", None),
            (
                "Retail: objections 零售异议处理",
                10,
                "retail-store-operations",
                "objections",
                (
                    "A retailer says landlords handle maintenance. You… 零售客户说维修由房东负责，您应该……",
                    "Point to their own equipment and lost sales 指出设备属于客户自己，停机会损失销售额",
                    "Agree and move on 表示同意，转入下一个话题",
                ),
            ),
            ("Working in the iron triangle 铁三角协作", 10, "", "", None),
        ],
    ),
    (
        "our-sales-process",
        "Our sales process 销售流程",
        "Lead → opportunity → contract → cash. 线索 → 商机 → 合同 → 回款。",
        [
            (
                "From lead to opportunity 从线索到商机",
                12,
                "",
                "",
                (
                    "When does a lead become an opportunity? 线索何时成为商机？",
                    "After qualification: budget, authority, need and timing 经过预算、决策权、需求和时间的资格判断之后",
                    "As soon as it is entered in the CRM 一录入 CRM 就算",
                ),
            ),
            (
                "Qualifying with the ideal customer profile 用画像判断商机",
                10,
                "lumora-field",
                "ideal_customer_profile",
                (
                    "A lead with 10 technicians asks for Field. You… 只有 10 名工程师的线索想要 Field，您应该……",
                    "Qualify it out politely 礼貌地说明暂不合适",
                    "Push for a pilot 力推试点",
                ),
            ),
            ("Proposals and pricing approvals 方案与价格审批", 10, "lumora-ledger", "pricing", None),
            ("Contract to cash 合同到回款", 10, "", "", None),
            ("Your 30-day review 30 天复盘", 8, "", "", None),
        ],
    ),
]

# Days after the start date each course is due (the path spans 30 days).
DUE_OFFSETS = [3, 10, 17, 24, 30]
PATH_NAME = "30-day seller onboarding"
PATH_NAME_ZH = "销售新人 30 天入职路径"
PATH_DESCRIPTION = "Every new seller's first month: company, products, solutions, sales process."
PATH_DESCRIPTION_ZH = "每位销售新人的第一个月：公司、产品、解决方案、销售流程。"
