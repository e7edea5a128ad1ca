"""Demo lesson text: what each onboarding lesson teaches about Lumora, in English and in Chinese (courses/demo.py)."""

from __future__ import annotations

# lesson title (as in demo_content.COURSES) → (English paragraphs, Chinese paragraphs)
LESSON_TEXT: dict[str, tuple[list[str], list[str]]] = {
    "Our story and our customers 我们的故事与客户": (
        [
            "Lumora Cloud sells three products to mid-sized and large companies: Ledger closes the books, Field "
            "runs service technicians and Insight gives sales and finance one revenue number. What they share is "
            "the customer's problem: work that depends on spreadsheets, chat groups and a few heroes who know how "
            "things really work.",
            "Our best customers have grown past the point where those heroes can keep up. A distributor with five "
            "legal entities, an elevator company with a thousand technicians, a software firm whose sales and "
            "finance teams report different numbers: each of them loses time and money every month, and each "
            "can measure the loss. That is why we always ask for numbers in discovery.",
            "We win when a seller shows the customer their own numbers before and after. We lose when we demo "
            "features to someone who cannot buy. Keep that in mind in every lesson that follows.",
        ],
        [
            "络明云向中大型企业销售三款产品：Ledger 财务结账云负责结账，Field 现场服务云管理外勤工程师，"
            "Insight 营收洞察让销售和财务看到同一个营收数字。三款产品解决的是同一类问题：工作依赖表格、微信群"
            "和少数真正懂行的“能人”。",
            "我们最好的客户，规模已经大到“能人”顾不过来：有五个法人主体的分销商、拥有上千名工程师的电梯公司、"
            "销售和财务数字对不上的软件公司。他们每个月都在损失时间和金钱，而且这些损失都能量化。所以需求挖掘时"
            "我们一定要问数字。",
            "销售能让客户看到自己改进前后的数字，我们就能赢；对没有决策权的人演示功能，我们就会输。学习后面每一课时都请记住这一点。",
        ],
    ),
    "The ideal customer profile 理想客户画像": (
        [
            "The ideal customer profile (ICP) describes the companies that buy fastest, stay longest and get the "
            "most value. For Ledger that is a company with 200 to 5,000 employees, three or more legal entities "
            "and a close that still runs on Excel. For Field it is 50 or more technicians dispatched by phone. For "
            "Insight it is annual recurring revenue between 20 and 500 million RMB.",
            "The profile is not a wish list; it comes from our own CRM. Deals inside the profile close in about "
            "half the time and churn far less. Deals outside it consume pre-sales and implementation effort and "
            "often end in a discount or a lost renewal.",
            "Use the profile early: check size, entities or technicians in the first call. A polite, early “we "
            "are not the right fit yet” protects your forecast and the customer's time.",
        ],
        [
            "理想客户画像描述的是成交最快、留存最久、获益最大的企业。对 Ledger 来说，是 200 到 5000 人、"
            "至少 3 个法人主体、仍在用 Excel 结账的企业；对 Field 来说，是有 50 名以上工程师、仍靠电话派单的"
            "企业；对 Insight 来说，是年度经常性收入在 2000 万到 5 亿元之间的企业。",
            "画像不是愿望清单，而是来自我们自己的 CRM 数据：画像内的商机成交周期大约短一半，流失也少得多；"
            "画像外的商机消耗售前和实施资源，最后往往以折扣或丢失续约收场。",
            "请尽早使用画像：第一次通话就确认规模、法人主体数或工程师人数。尽早礼貌地说一句“现在还不太合适”，"
            "既保护您的预测，也节省客户的时间。",
        ],
    ),
    "Standardized content: why everyone tells one story 标准化内容": (
        [
            "Every product and solution in the library has the same sections: overview, ideal customer profile, "
            "pains and value, a 30-second pitch, discovery questions, objections with responses, competitors, "
            "proof points and pricing. The structure is fixed on purpose.",
            "When every seller tells the same story, customers hear a consistent promise, managers can coach "
            "against a known standard and the company learns which messages work. A star seller's private pitch "
            "leaves the company with the star; a library page stays.",
            "Standard does not mean robotic. Learn the story well enough to tell it in your own words, and bring "
            "the customer's words into it. If you find a better answer to an objection, tell the page owner: "
            "that is how the library improves, and your certification covers the current version.",
        ],
        [
            "内容库中的每个产品和解决方案都有相同的章节：概述、理想客户画像、痛点与价值、30 秒电梯演讲、"
            "需求挖掘问题、异议与应对、竞争对手、成功案例和定价。这个结构是刻意固定的。",
            "每位销售都讲同一个故事，客户听到的承诺就一致，经理可以按统一标准辅导，公司也能知道哪些说法有效。"
            "明星销售的私人话术会随他离开公司，内容库页面却会留下来。",
            "标准化不等于照本宣科。把故事吃透，用自己的话讲出来，并融入客户的原话。如果您找到了应对某个异议的"
            "更好说法，请告诉页面负责人：内容库就是这样不断改进的，而您的认证对应的是最新版本。",
        ],
    ),
    "Where to find answers: the library 产品资料库": (
        [
            "The product library is the single source for what we say to customers. Each page names an owner and "
            "a review date; when the date passes, the page shows “needs review” so you know to check with the "
            "owner before quoting it.",
            "Search the library before you ask a colleague: the answer you need before a call is usually in the "
            "discovery questions or the objections section. Lessons in your courses show library sections inline, "
            "always from the live page, so what you learn here is what the library says today.",
            "When a page changes in a way that alters what sellers say, its owner marks it as a material change. "
            "You will then be asked to recertify on that product. This keeps everyone's story current without "
            "anyone having to chase emails.",
        ],
        [
            "产品资料库是我们对客户说法的唯一来源。每个页面都标明负责人和复审日期；超过复审日期后，页面会显示"
            "“需要复审”，提醒您在引用之前先与负责人确认。",
            "在问同事之前先搜索资料库：客户拜访前需要的答案，通常就在需求挖掘问题或异议处理章节里。课程中的课时"
            "会直接嵌入资料库章节，且总是来自已发布的最新页面，所以您在这里学到的就是资料库今天的说法。",
            "如果页面的修改会改变销售的说法，负责人会将其标记为实质性变更，您随后会被要求重新认证该产品。"
            "这样每个人的说法都保持最新，而无需靠邮件四处通知。",
        ],
    ),
    "Your first week 第一周安排": (
        [
            "Your first week is for learning, not selling. Finish the Welcome course and start Selling Lumora "
            "Ledger; book thirty minutes with your manager to agree your territory and your first target "
            "accounts.",
            "Sit in on at least two customer calls with an experienced colleague and write down three questions "
            "they asked that you would not have thought of. Practise the Ledger pitch out loud until it takes "
            "thirty seconds without notes.",
            "By Friday you should be able to say who our ideal customers are, which pains each product solves and "
            "where to find the answer to any product question. Your learning path shows what is due and when; "
            "your manager sees the same view, so there are no surprises.",
        ],
        [
            "第一周的重点是学习，而不是销售。请完成“认识络明云”课程，开始“销售财务结账云”课程；与经理约 30 分钟，"
            "确定您的区域和首批目标客户。",
            "至少跟随一位资深同事旁听两次客户通话，记下三个您自己想不到的问题。大声练习 Ledger 电梯演讲，"
            "直到不看稿也能在 30 秒内讲完。",
            "到周五，您应该能说清楚谁是我们的理想客户、每款产品解决哪些痛点，以及任何产品问题的答案去哪里找。"
            "学习路径会显示每一步的截止时间；您的经理看到的是同样的视图，不会有意外。",
        ],
    ),
    "The 30-second pitch 30 秒电梯演讲": (
        [
            "The elevator pitch has three moves: the problem in the customer's terms, what Ledger changes, and "
            "the result they can measure. For Ledger: finance teams with several entities lose two weeks a month "
            "reconciling spreadsheets; Ledger runs those reconciliations every night and keeps the proof; they "
            "close in five days and the auditors find everything in one place.",
            "Notice what is missing: no feature list, no company history. The pitch earns the next question, "
            "nothing more. If the customer says “that sounds like us”, move straight to discovery.",
            "Practise it aloud until it takes thirty seconds and sounds like you. Then practise a version for a "
            "CFO, who cares about audit risk and headcount, and one for a controller, who cares about the days "
            "and nights before the close.",
        ],
        [
            "电梯演讲分三步：用客户的话说出问题，说明 Ledger 带来的改变，以及客户可以衡量的结果。以 Ledger 为例："
            "多主体的财务团队每月要花两周在表格里对账；Ledger 每晚自动对账并保留证据；客户五天内结账，"
            "审计师在一个地方就能找到全部资料。",
            "注意其中没有什么：没有功能清单，也没有公司历史。电梯演讲只为赢得下一个问题。如果客户说“这说的就是我们”，"
            "请直接进入需求挖掘。",
            "大声练习，直到 30 秒讲完且听起来像您自己的话。然后分别练习面向财务总监的版本（关心审计风险和人手）"
            "和面向财务经理的版本（关心结账前的加班）。",
        ],
    ),
    "Pains and value 痛点与价值": (
        [
            "Ledger's value is always tied to a pain the customer already feels. A close that takes 10 to 15 "
            "working days becomes 4 to 5, because reconciliations run every night instead of in the last week. "
            "Intercompany differences that used to surface at year-end are flagged the day they are posted. "
            "Evidence the auditors ask for every year is kept with each match and sign-off.",
            "In a conversation, let the customer name the pain first, then ask what it costs: overtime, audit "
            "fees, late decisions. Only then connect it to the value. A pain the customer has not said out loud "
            "is your opinion; a pain they have quantified is a reason to buy.",
            "Huaxin Components closed in 12 days across seven entities; two quarters later they close in 5. Use "
            "that proof point when the customer doubts the numbers.",
        ],
        [
            "Ledger 的价值总是对应客户已经感受到的痛点：原本需要 10 到 15 个工作日的月结缩短到 4 到 5 天，"
            "因为对账每晚自动完成，而不是挤在最后一周；原本到年底才暴露的关联方差异，在过账当天就被预警；"
            "审计师每年都要的证据，随每一笔匹配和签核一起保存。",
            "沟通时，先让客户自己说出痛点，再问代价是什么：加班、审计费用、决策滞后，然后才把它与价值联系起来。"
            "客户没有说出口的痛点只是您的看法；客户自己量化过的痛点才是购买的理由。",
            "华信电子有七个法人主体，过去结账需要 12 天，两个季度后只需 5 天。客户怀疑数字时，请用这个成功案例。",
        ],
    ),
    "Discovery questions 需求挖掘问题": (
        [
            "Discovery is where deals are won. Your goal in the first meeting is to understand the customer's "
            "situation, their pains, what those pains cost and who decides, before you present anything. A good "
            "rule: the customer talks for two thirds of the meeting.",
            "Start with open questions about today: how many working days does your close take, where are "
            "intercompany differences found and by whom. Then ask about impact: what did last year's audit make "
            "you re-create by hand, what does a late close delay. Finally ask about the decision: who signs off a "
            "finance system, and what happened the last time you bought one.",
            "Write the answers down in the customer's words. You will use them in the proposal, and your coach "
            "will rate how much of the situation, pain, impact and decision process you uncovered.",
        ],
        [
            "需求挖掘决定了商机的成败。第一次会面的目标，是在介绍任何方案之前，弄清客户的现状、痛点、痛点的代价"
            "以及由谁决策。一个好的经验法则：三分之二的时间由客户来讲。",
            "先用开放式问题了解现状：现在月结需要几个工作日？关联方差异在哪个环节、由谁发现？再问影响：去年审计"
            "要求您手工补了哪些资料？结账延迟会耽误哪些决策？最后问决策：财务系统由谁拍板？上一次采购是怎么进行的？",
            "用客户的原话记录答案。写方案时会用到这些话，教练也会根据您挖掘出的现状、痛点、影响和决策流程来评分。",
        ],
    ),
    "Handling objections 异议处理": (
        [
            "An objection is a question the customer has not finished asking. Handle it in four steps: "
            "acknowledge it, clarify the real concern, answer with a fact or a proof point, and check that the "
            "answer landed.",
            "The most common Ledger objection is “our ERP already does reconciliations.” Acknowledge it, then ask "
            "how they match across entities today. The ERP matches one bank account at a time; Ledger matches "
            "across entities and ERPs and keeps the checklist and sign-offs with the evidence. The second is “we "
            "can't change our process before year-end”: propose starting with bank reconciliations for one "
            "entity, with no change in the ERP.",
            "Never answer a price objection with a discount first. Ask what the price is being compared with; "
            "usually the honest comparison is the cost of two lost weeks every month. Then try the check below.",
        ],
        [
            "异议是客户还没问完的问题。处理异议分四步：认可客户的顾虑，弄清真正的担心，用事实或成功案例回应，"
            "再确认客户是否接受了您的回答。",
            "Ledger 最常见的异议是“我们的 ERP 已经能对账”。先认可，再问客户现在如何跨主体对账。ERP 一次只能对一个"
            "银行账户；Ledger 可以跨法人主体、跨 ERP 对账，并把结账清单和签核与证据一起保存。第二常见的是"
            "“年底前不能改流程”：建议先从一个主体的银行对账开始，ERP 不做任何改动。",
            "面对价格异议，绝不要先给折扣。先问客户拿这个价格和什么比较；诚实的比较对象通常是每个月损失的两周时间。"
            "然后请完成下面的小测。",
        ],
    ),
    "Pricing and packaging 定价与打包": (
        [
            "Ledger is priced per legal entity per month, in three tiers: Starter covers up to 3 entities, Growth "
            "up to 15 and Enterprise is unlimited. Implementation is a fixed fee, so the customer knows the full "
            "first-year cost before signing.",
            "Choose the tier from the discovery notes, not from the budget the customer mentions first. A company "
            "with eight entities today and two acquisitions planned belongs in Growth, even if Starter looks "
            "cheaper this year.",
            "Discounts above 15 % need the sales director's approval, and every discount needs a reason you can "
            "write in one sentence, such as a multi-year commitment or a reference customer. Discounting without "
            "a reason teaches the customer that our price is a starting offer.",
        ],
        [
            "Ledger 按法人主体按月计费，分三档：入门版最多 3 个主体，成长版最多 15 个，企业版不限。实施为固定费用，"
            "客户在签约前就能知道首年的全部成本。",
            "请根据需求挖掘记录选择版本，而不是根据客户最先提到的预算。一家现在有八个主体、计划再收购两家公司的企业，"
            "即使今年入门版看起来更便宜，也应该选择成长版。",
            "折扣超过 15% 需要销售总监审批，而且每一次折扣都要有一句话能说清的理由，例如多年合同或愿意做参考客户。"
            "没有理由的折扣，会让客户以为我们的报价只是起价。",
        ],
    ),
    "Field in 30 seconds 现场服务云电梯演讲": (
        [
            "Lumora Field's pitch follows the same three moves as Ledger's. The problem: service teams lose margin "
            "when the wrong technician arrives without the right part. The change: Field sends the right person "
            "with the right part, using skill, location and SLA to dispatch in one click. The result: the job is "
            "fixed the first time and billed before the technician drives away.",
            "Head of service buyers care about first-time fix and customer satisfaction; operations managers "
            "care about dispatch effort; CIOs care about how it connects to the CRM they already have. Adjust the "
            "last sentence of the pitch to the person in front of you.",
            "Field's ideal customer has 50 to 2,000 field technicians and still dispatches through phone calls and "
            "chat groups. Below 50 technicians, the pain is rarely big enough.",
        ],
        [
            "Lumora Field 的电梯演讲与 Ledger 一样分三步。问题：派错工程师、缺备件上门，服务利润就流失了。改变："
            "Field 按技能、位置和 SLA 一键派单，让对的人带着对的备件上门。结果：一次修好，工程师离开前就完成开票。",
            "服务总监关心首次修复率和客户满意度；运营经理关心派单的工作量；信息化负责人关心它如何与现有 CRM 对接。"
            "请根据面前的人调整电梯演讲的最后一句。",
            "Field 的理想客户有 50 到 2000 名外勤工程师，仍靠电话和微信群派单。工程师少于 50 人时，痛点通常不够大。",
        ],
    ),
    "Field: winning against suites 与大型套件竞争": (
        [
            "Against the big field-service suites we rarely win on breadth: they have deeper asset-management "
            "modules, and a customer who needs those should buy them. We win on time to value. Field goes live in "
            "weeks, not quarters, and technicians close a job in three taps, online or offline.",
            "Plant the landmine early: ask the customer how long the suite vendor quoted to go live for 100 "
            "technicians, and who will run the project on their side. Then offer a pilot with one region, "
            "measured on first-time fix and time from job done to invoice.",
            "Do not criticise the competitor. Agree that suites are powerful, and ask whether the customer wants "
            "to spend this year implementing or improving first-time fix. Then try the knowledge check below.",
        ],
        [
            "与大型现场服务套件竞争时，我们很少靠功能广度取胜：他们的资产管理模块更深，真正需要这些的客户就应该买他们的。"
            "我们靠的是见效速度：Field 几周就能上线，而不是几个季度；工程师在线或离线都能三步完工。",
            "尽早埋下问题：问客户，套件厂商给 100 名工程师报的上线周期是多久？客户方由谁负责这个项目？然后提议在一个区域"
            "试点，用首次修复率和从完工到开票的时间来衡量。",
            "不要贬低竞争对手。承认套件功能强大，再问客户：今年是想把时间花在实施上，还是花在提升首次修复率上？"
            "然后请完成下面的小测。",
        ],
    ),
    "Field proof points 成功案例": (
        [
            "Jinghua Elevators runs 1,200 technicians across 30 cities. Before Field, jobs were dispatched by "
            "phone, and first-time fix was 68 %. After rollout it rose to 87 %, because every job card carries "
            "the parts list and the lift's service history.",
            "A proof point works when the customer recognises themselves in it. Pick the story whose size, "
            "industry and pain match theirs, tell it in three sentences (the situation, what changed, the "
            "number), and then ask: “How does that compare with what you see today?”",
            "Never invent or round up a result. If you have no story that fits, say so and offer a pilot with "
            "agreed measures instead; a pilot becomes the next proof point.",
        ],
        [
            "京华电梯在 30 个城市有 1200 名工程师。使用 Field 之前靠电话派单，首次修复率只有 68%；上线后提升到 87%，"
            "因为每张工单都附带备件清单和电梯的服务历史。",
            "成功案例要让客户在其中看到自己才有效。选择规模、行业和痛点与客户相近的案例，用三句话讲清楚（当时的情况、"
            "带来的改变、结果数字），然后问客户：“和您现在的情况相比如何？”",
            "绝不要编造或夸大结果。如果没有合适的案例，就如实说明，并提议做一次约定衡量指标的试点；试点本身就会成为下一个成功案例。",
        ],
    ),
    "Insight: one number for sales and finance 统一口径": (
        [
            "Lumora Insight joins pipeline, billing and cash collection, so revenue leaders see one number for "
            "bookings, revenue and cash. Its customers are B2B software and professional-services firms whose "
            "sales and finance teams regularly report different numbers.",
            "“One number” means one definition: what counts as a booking, when revenue is recognised and when "
            "cash is in the bank. Once both teams agree on the definitions, the forecast can be built from stage "
            "history and payment behaviour instead of gut feel.",
            "Qingyun Software cut its forecast error from 22 % to 6 % in three quarters. In discovery, ask how far "
            "apart sales' and finance's numbers were last quarter; the gap is the size of the problem.",
        ],
        [
            "Lumora Insight 打通商机、计费和回款数据，让营收负责人看到统一的签约、收入和回款数字。它的客户是企业软件"
            "和专业服务公司，这些公司的销售和财务经常报出不同的数字。",
            "“统一口径”指同一套定义：什么算签约、收入何时确认、回款何时到账。双方认同定义之后，预测就可以基于商机"
            "阶段历史和回款行为来建立，而不是凭感觉。",
            "青云软件在三个季度内把预测误差从 22% 降到 6%。需求挖掘时，请问客户上季度销售和财务的数字差了多少；"
            "这个差距就是问题的大小。",
        ],
    ),
    "Insight: who buys 购买角色": (
        [
            "Insight has three economic buyers: the chief revenue officer, the CFO and the head of revenue "
            "operations. The CRO wants a forecast they can defend to the board; the CFO wants revenue and cash "
            "they can trust; RevOps wants to stop rebuilding the pipeline report every month.",
            "Most Insight deals start with one of them and stall until the other two agree. Ask your first "
            "contact who else is affected when the numbers disagree, and offer a joint session where both sales "
            "and finance bring last quarter's figures.",
            "The BI team is a user, not a buyer. Treat them as allies: Insight gives them clean, joined data "
            "instead of replacing them.",
        ],
        [
            "Insight 有三位经济决策者：首席营收官、财务总监和营收运营负责人。首席营收官需要在董事会面前经得起推敲的预测；"
            "财务总监需要可信的收入和回款；营收运营负责人希望不必每个月重建一次商机报表。",
            "大多数 Insight 商机从其中一位开始，在另外两位认同之前就会停滞。请问您的第一位联系人，数字对不上时还有谁受影响，"
            "并提议召开一次联合会议，请销售和财务各自带上上季度的数据。",
            "BI 团队是使用者，不是购买者。请把他们当作盟友：Insight 为他们提供打通的干净数据，而不是取代他们。",
        ],
    ),
    "Manufacturing close: the story 制造业月结方案": (
        [
            "Manufacturers with several plants and sales entities feel the close more than most: intercompany "
            "sales between plants, inventory valued in different systems and a group report due to the parent "
            "company. The manufacturing close solution combines Ledger with Insight for these customers.",
            "The story: every night, Ledger matches intercompany transactions across plants and ERPs; Insight "
            "shows the group margin with the same numbers finance will report. The controller closes faster, and "
            "the plant managers see their margins before the month is over.",
            "Sell it with the iron triangle: you own the relationship, the solution owner shapes the combination "
            "and the delivery owner commits to the rollout plan in the proposal.",
        ],
        [
            "拥有多个工厂和销售主体的制造企业，对月结的痛感尤其强：工厂之间有内部销售，库存在不同系统中计价，"
            "还要按时向母公司提交集团报表。制造业月结方案为这类客户组合了 Ledger 和 Insight。",
            "方案的故事是：Ledger 每晚跨工厂、跨 ERP 匹配关联方交易；Insight 用与财务报表相同的数字展示集团毛利。"
            "财务经理结账更快，工厂负责人在月底之前就能看到自己的毛利。",
            "请与铁三角一起销售：您负责客户关系，方案经理负责设计组合方案，交付经理在方案书中承诺上线计划。",
        ],
    ),
    "Manufacturing: pains and value 制造业痛点": (
        [
            "Three pains come up in almost every manufacturing close conversation. Intercompany differences "
            "between plants are found only at the group close, so the controller spends the last nights "
            "chasing them. Inventory and cost data sit in different ERPs, so margins arrive weeks late. And the "
            "parent company's auditors ask for the same evidence every year.",
            "Match each pain with its value: differences flagged the day they are posted, one margin view for "
            "finance and plant managers, and every match and sign-off kept with its proof.",
            "Quantify before you propose. Ask how many people work on the group close and for how many nights, "
            "and what a week's delay in margin data costs in pricing decisions.",
        ],
        [
            "几乎每一次制造业月结的沟通中都会出现三个痛点：工厂之间的关联方差异要到集团结账时才被发现，财务经理"
            "最后几个晚上都在追查；库存和成本数据分散在不同的 ERP 中，毛利数据要晚几周才能出来；母公司的审计师"
            "每年都要同样的证据。",
            "把每个痛点与价值对应起来：差异在过账当天就被预警；财务和工厂负责人看同一个毛利视图；每一笔匹配和签核"
            "都与证据一起保存。",
            "提出方案之前先量化。问清有多少人参与集团结账、要加班几个晚上，以及毛利数据晚一周会给定价决策带来多少损失。",
        ],
    ),
    "Retail operations: the story 零售门店方案": (
        [
            "Retail chains run hundreds of stores with equipment that breaks: refrigeration, lighting, checkout "
            "hardware. The retail store operations solution combines Field for maintenance with Insight for "
            "store-level revenue, so head office sees which outages cost sales.",
            "The story: a freezer fails on a Saturday, Field dispatches the nearest qualified technician with the "
            "right part, and Insight shows the sales the store did not lose. Maintenance becomes a revenue "
            "conversation instead of a cost line.",
            "Pricing is per store per month, with up to five technicians per region included, and Insight is "
            "offered at cost in the first year to prove the revenue link.",
        ],
        [
            "连锁零售企业有数百家门店，设备难免出故障：冷柜、照明、收银硬件。零售门店方案把负责维修的 Field 与负责"
            "门店营收的 Insight 组合在一起，让总部看到哪些故障造成了销售损失。",
            "方案的故事是：周六冷柜坏了，Field 派出最近的、有资质的工程师并带上对的备件，Insight 显示门店因此保住了"
            "多少销售额。维修从一项成本变成了一个关于营收的话题。",
            "定价按门店按月计费，每个区域含最多五名工程师；首年 Insight 按成本价提供，用来证明维修与营收的关系。",
        ],
    ),
    "Retail: objections 零售异议处理": (
        [
            "Retail buyers raise two objections again and again. “Our landlords handle maintenance”: landlords "
            "handle the building, but the retailer owns its refrigeration, lighting and checkout equipment, and "
            "every hour those are down costs sales. Ask who is called when a freezer fails on a Saturday.",
            "“We tried an app and store staff didn't use it”: store staff do not need the app at all. They "
            "report a fault with a QR code on the equipment; technicians use Field, which works offline and "
            "takes three taps to close a job.",
            "In both cases, clarify before you answer, and use the customer's own numbers: outages last month, "
            "hours to repair, sales lost per hour. Then try the check below.",
        ],
        [
            "零售客户反复提出两个异议。“维修由房东负责”：房东负责的是建筑本身，冷柜、照明和收银设备属于零售商，"
            "这些设备每停机一小时都在损失销售额。请问客户：周六冷柜坏了会打电话给谁？",
            "“我们试过一个 App，门店员工不用”：门店员工根本不需要用 App，他们扫描设备上的二维码就能报修；"
            "使用 Field 的是工程师，而 Field 支持离线，三步即可完工。",
            "两种情况都要先弄清顾虑再回答，并用客户自己的数字：上个月停机多少次、修复要几个小时、每小时损失多少销售额。"
            "然后请完成下面的小测。",
        ],
    ),
    "Working in the iron triangle 铁三角协作": (
        [
            "Large accounts are served by an iron triangle: the account owner, the solution owner and the "
            "delivery owner. Sales success needs all four strengths at once: the customer relationship, a "
            "competitive solution, competitive commercial terms and delivery quality.",
            "As account owner you lead the relationship and the deal strategy. Bring the solution owner in once "
            "the pains are quantified, not for the first meeting; bring the delivery owner in before the proposal "
            "so that the rollout plan in it is one we can keep.",
            "Agree who speaks for what in customer meetings, and hold a short internal review after each one. "
            "A triangle that meets only in front of the customer looks like three vendors.",
        ],
        [
            "大客户由铁三角服务：客户经理、方案经理和交付经理。销售成功需要同时具备四种能力：客户关系、方案竞争力、"
            "商务竞争力和交付质量。",
            "作为客户经理，您主导客户关系和商机策略。在痛点量化之后再请方案经理加入，而不是第一次会面就请他来；"
            "在提交方案之前请交付经理加入，确保方案中的上线计划是我们能兑现的。",
            "事先约定在客户会议中谁负责讲什么，每次会后进行一次简短的内部复盘。只在客户面前才碰头的铁三角，"
            "在客户看来就像三家不同的供应商。",
        ],
    ),
    "From lead to opportunity 从线索到商机": (
        [
            "Our sales process runs lead → opportunity → contract → cash. A lead is a company that may need us: "
            "it filled in a form, met us at an event or was referred. It becomes an opportunity only after "
            "qualification, never just because it is in the CRM.",
            "Qualification checks four things: budget, authority, need and timing. Is there money, or a way to "
            "find it? Have you reached the person who signs off? Is there a pain the customer has quantified? Is "
            "there a date by which something must change? Record the answers in the opportunity, in the "
            "customer's words.",
            "Disqualifying is part of the job. An honest pipeline lets your manager forecast from the sales "
            "baseline and put resources where deals can be won. Then try the check below.",
        ],
        [
            "我们的销售流程是线索 → 商机 → 合同 → 回款。线索是可能需要我们的企业：填写了表单、在活动中认识，"
            "或经人推荐。只有经过资格判断后，线索才会成为商机，而不是录入 CRM 就算。",
            "资格判断检查四件事：预算、决策权、需求和时间。有没有预算，或者能不能找到预算？您是否接触到了拍板的人？"
            "客户是否量化过自己的痛点？是否有必须做出改变的时间点？请用客户的原话把答案记录在商机中。",
            "放弃不合格的线索也是工作的一部分。真实的商机管道让经理能够以销售基线为起点做预测，把资源投向能赢的商机。"
            "然后请完成下面的小测。",
        ],
    ),
    "Qualifying with the ideal customer profile 用画像判断商机": (
        [
            "The ideal customer profile is your first qualification filter. For Field that means 50 to 2,000 "
            "field technicians and dispatch that still runs on phone calls and chat groups. A company with ten "
            "technicians may love the demo, but the pain is too small to justify the change.",
            "Check the profile in the first conversation: ask how many technicians they have, how jobs are "
            "assigned today and what their first-time fix rate is. If the answers fall outside the profile, say "
            "so politely and offer to stay in touch as they grow.",
            "Our own data shows why: deals inside the profile close in about half the time, and customers outside "
            "it are the ones most likely to leave at renewal. A pilot does not fix a poor fit.",
        ],
        [
            "理想客户画像是您判断商机的第一道筛子。对 Field 来说，就是拥有 50 到 2000 名外勤工程师、仍靠电话和微信群派单。"
            "只有十名工程师的公司也许很喜欢产品演示，但痛点太小，不值得为此改变。",
            "第一次沟通时就对照画像：问客户有多少名工程师、现在如何派单、首次修复率是多少。如果答案不在画像范围内，"
            "请礼貌地如实说明，并约定在客户成长后保持联系。",
            "我们自己的数据说明了原因：画像内的商机成交周期大约短一半，而画像外的客户最可能在续约时流失。试点解决不了不匹配的问题。",
        ],
    ),
    "Proposals and pricing approvals 方案与价格审批": (
        [
            "A proposal confirms what the customer already agreed in discovery; it should hold no surprises. "
            "Build it from the mutual action plan: the pains in the customer's words, the value with numbers, "
            "the rollout plan from the delivery owner and the price.",
            "Price from the library's pricing section, in the right tier. Discounts above 15 % need the sales "
            "director's approval before the proposal goes out, never after the customer has seen the number. "
            "Each approval request states the reason in one sentence and what the customer gives in return.",
            "Send the proposal only after walking the economic buyer through it, in a meeting or a call. A "
            "proposal emailed cold is read by the wrong person at the wrong time.",
        ],
        [
            "方案书是对客户在需求挖掘中已经认同内容的确认，不应有任何意外。请以共同行动计划为基础：用客户原话描述的痛点、"
            "带数字的价值、交付经理制定的上线计划，以及价格。",
            "价格以资料库的定价章节为准，并选对版本。折扣超过 15% 需在方案发出之前获得销售总监审批，绝不能在客户看到数字之后"
            "才申请。每次审批申请都要用一句话说明理由，以及客户给出的回报。",
            "先与经济决策者当面或电话过一遍方案，然后再发送。直接用邮件发出的方案，往往会被错误的人在错误的时间读到。",
        ],
    ),
    "Contract to cash 合同到回款": (
        [
            "A deal is not done when the contract is signed; it is done when the cash is in the bank. Cash "
            "collection is the last stage of our sales process, and your commission counts it.",
            "Before signing, confirm the customer's purchasing and payment process: who raises the purchase "
            "order, which documents finance needs, and how long approval takes. Put the billing contact in the "
            "CRM. Most late payments come from an invoice sent to the wrong person.",
            "After signing, stay involved through the kick-off with the delivery owner. A customer who sees "
            "value in the first month pays on time and renews; one who hears from us only at renewal does "
            "not.",
        ],
        [
            "签了合同并不代表商机结束，钱到账才算结束。回款是我们销售流程的最后一个阶段，您的提成也按回款计算。",
            "签约之前，请确认客户的采购和付款流程：由谁发起采购订单、财务需要哪些文件、审批需要多久。把开票联系人录入 CRM。"
            "大多数逾期付款，都是因为发票寄给了错误的人。",
            "签约之后，请与交付经理一起参与项目启动。第一个月就看到价值的客户会按时付款并续约；只在续约时才听到我们消息的客户不会。",
        ],
    ),
    "Your 30-day review 30 天复盘": (
        [
            "At the end of your first month you and your manager review three things: your learning path, your "
            "certifications and your first field days. The review is a conversation about what to practise "
            "next, not a grade.",
            "Bring your numbers: visits per week, appointments won, and the coach's ratings from your ride-alongs "
            "on preparation, discovery, value presentation and next steps. Pick the one competency that would "
            "move your results most, and agree one exercise for the next month.",
            "Use the evening-review habit from the field program here too: three things that worked, two to "
            "tighten and one exercise. Write them down; next month's review starts from them.",
        ],
        [
            "第一个月结束时，您和经理会一起复盘三件事：学习路径、认证情况和最初的几个陪访日。复盘是一次关于下一步练什么的对话，"
            "而不是打分。",
            "请带上您的数字：每周拜访次数、赢得的预约次数，以及教练在陪访中对拜访准备、需求挖掘、价值呈现和锁定下一步的评分。"
            "选出最能提升业绩的一项能力，约定下个月的一项练习。",
            "这里同样使用陪访项目中的晚间复盘习惯：三件做得好的事、两件需改进的事、一项练习。把它们写下来，下个月的复盘就从这里开始。",
        ],
    ),
}
