"""What a branch union is asked to do about each rule's finding, in the words a notice from the
county union uses (整改要求): the organisation's action, not the edit to the data file. A rule's
``fix`` (what ``explain`` prints) says how to correct the file; this says what to put right in the
union's work, and to send the corrected record. Every builtin rule has one (a test holds it)."""

from unioncheck import Text as T

ACTIONS = {
    "CGR001": T(
        "召开本年度职工(代表)大会；已召开的，报送会议记录和签到表。",
        "Hold this year's workers' congress; if it was held, send its minutes and sign-in sheet.",
    ),
    "CGR002": T(
        "核对签到表；确未达到法定人数的，重新召开会议并重新表决。",
        "Check the sign-in sheet; if the quorum was not met, hold the session again and vote again.",
    ),
    "CGR003": T(
        "按职工人数重新确定会议形式和代表名额，在下次会议前完成代表选举。",
        "Set the congress form and the delegates by the staff count; elect delegates before the next session.",
    ),
    "CGR004": T(
        "今后会议至少提前 7 天把会议材料送达代表，并留存送达记录。",
        "Send the papers to delegates at least 7 days before each session and keep a record of it.",
    ),
    "PAY001": T(
        "将绩效工资分配方案提交职代会审议表决，报送表决决议。",
        "Put the performance-pay plan to the congress for a vote and send the resolution.",
    ),
    "PAY002": T(
        "核对计票结果；未获全体代表过半数赞成的方案，重新提交表决。",
        "Check the count; a plan without a majority of all delegates goes to a new vote.",
    ),
    "ELE001": T(
        "尽快组织换届选举；确需延期的，报上级工会批准并报送批复。",
        "Hold the election without delay; if it must be postponed, obtain and send the superior union's approval.",
    ),
    "ELE002": T(
        "按期筹备换届：向上级工会报送换届请示，启动候选人推荐。",
        "Prepare the election on time: ask the superior union's approval and start nominating candidates.",
    ),
    "ELE003": T(
        "报送上级工会对延期的批复；延期超过半年的，尽快换届。",
        "Send the superior union's approval of the postponement; past six months, hold the election.",
    ),
    "ELE004": T(
        "核对选举程序；不符合规定的选举报上级工会处理，必要时重新选举。",
        "Check the election's procedure; refer an irregular election to the superior union, re-run it if needed.",
    ),
    "ELE005": T(
        "按选举大会决定的任期（3 年或 5 年）报送。",
        "Report the term the electing assembly decided (3 or 5 years).",
    ),
    "ELE006": T(
        "将选举结果报上级工会审批，并报送报告和批复日期；按规定同时选举经费审查委员会、女职工委员会。",
        "Report the election to the superior union and send the dates of the report and approval; elect the "
        "funds audit and women workers' committees with it.",
    ),
    "HRD001": T(
        "对困难职工档案台账全面复核一次，报送复核日期。",
        "Review the whole register of hardship files once and send the date of the review.",
    ),
    "HRD002": T(
        "入户或电话复核该档案，报送复核情况。",
        "Review the file, by visit or phone, and send the result.",
    ),
    "HRD003": T(
        "按身份证原件核对档案信息，按规定确定困难类别与家庭人口。",
        "Check the file against the identity card; set the hardship category and household size as the rules say.",
    ),
    "HRD004": T(
        "建档前公示不少于 5 个工作日；公示不足的，补充公示后再建档。",
        "Publicise for at least 5 working days before a file is opened; where it was short, publicise again first.",
    ),
    "HRD005": T(
        "先建档、后帮扶：对未建档人员的帮扶，先补建档并公示。",
        "Files first, aid after: open and publicise a file before aiding anyone who has none.",
    ),
    "HRD006": T(
        "与相关工会核实，同一职工只保留一份档案，其余办理退出。",
        "Agree with the other union: keep one file per person and close the others.",
    ),
    "HRD007": T(
        "为退出的档案补报退出日期和原因。",
        "Send the date and reason of each closed file.",
    ),
    "HRD008": T(
        "困难职工的姓名、身份证号须加密后再报送（加密方法见县工会说明）。",
        "Seal hardship names and ID numbers before sending the file (see the county union's instructions).",
    ),
    "TRN001": T(
        "在公开栏补充公开该期间的内容，并报送公开情况。",
        "Post that period's information on the notice board and report the posting.",
    ),
    "TRN002": T(
        "在公开栏补充公开该事项，并报送公开情况。",
        "Post the matter on the notice board and report the posting.",
    ),
    "TRN003": T(
        "延长公开期限，或补充公开至规定天数。",
        "Keep the posting up longer, or post it again for the days required.",
    ),
    "MEM001": T(
        "召开本年度会员(代表)大会（可与职代会合并召开）；已召开的，报送会议记录和签到表。",
        "Hold this year's members' assembly (it may sit with the workers' congress); if it was held, send its "
        "minutes and sign-in sheet.",
    ),
    "MEM002": T(
        "在年内召开会员(代表)大会，审议尚未审议的工作报告、经费收支情况报告或经审会工作报告，报送会议记录。",
        "Put the reports not yet heard (the committee's work, the union funds, the audit committee's) to an "
        "assembly within the year and send its minutes.",
    ),
    "MEM003": T(
        "会员不足一百人的工会，今后召开全体会员参加的会员大会；会员人数有变化的，报送核实后的会员人数。",
        "A union of fewer than a hundred members holds general assemblies of all its members from now on; if the "
        "membership has changed, send the checked number of members.",
    ),
    "PRO001": T(
        "由提案委员会在会后规定期限内审查每件提案；不立案的向提案人说明理由，并案的告知并入哪件提案；报送审查结果和日期。",
        "Have the proposals committee decide each proposal in the time set after the session; tell the proposer "
        "why one was declined, or which one it was merged into; send the decisions and their dates.",
    ),
    "PRO002": T(
        "在下次大会前将立案提案的办理结果答复提案人，并在大会上报告提案办理情况、形成决议；报送答复日期和决议。",
        "Answer each accepted proposal's proposer before the next session, report the handling of proposals to that "
        "session for a resolution, and send the dates of the answers and the resolution.",
    ),
    "TRA001": T(
        "安排尚未参加上岗培训的新当选委员参加上岗培训，并报送培训通知和签到表。",
        "Send the newly elected members who missed it to onboarding training, and send the notice and sign-in sheet.",
    ),
    "TRA002": T(
        "本年度安排工会委员参加年度干部培训，并报送培训通知和签到表。",
        "Send committee members to this year's officer training, and send the notice and sign-in sheet.",
    ),
    "CON001": T(
        "与单位协商订立（或续订）综合集体合同，经职代会通过后报送合同文本。",
        "Negotiate (or renew) the general collective contract with the unit, have the congress pass it, and send "
        "the contract.",
    ),
    "CON002": T(
        "把集体合同草案提交达到法定人数的职代会表决，经全体代表过半数通过后再签订；报送表决决议。",
        "Put the draft contract to a congress with quorum and sign it only once more than half of all delegates "
        "pass it; send the resolution.",
    ),
    "CON003": T(
        "签订后 10 日内把合同文本报送劳动行政部门审查，报送后 15 日无异议方可生效；报送审查回执。",
        "Submit the signed contract to the labour administration within 10 days; it takes effect only after 15 "
        "days without objection. Send the receipt.",
    ),
    "CON004": T(
        "合同期限定为 1 至 3 年；期满前 3 个月内启动续订协商，续订的合同经职代会通过后报送。",
        "Set a term of 1 to 3 years; start renewal talks within 3 months before expiry and send the renewed "
        "contract once the congress has passed it.",
    ),
    "CON005": T(
        "在集体合同中设女职工权益保护专章，或订立女职工权益保护专项集体合同，报送合同文本。",
        "Give the contract a chapter on women workers' rights, or sign a special contract on them, and send it.",
    ),
    "DAT001": T(
        "报送的数据文件有误，按检查结果改正后重新报送。",
        "The data file sent has errors: correct them as the check says and send it again.",
    ),
    "DAT002": T(
        "改正重复的编号或报送重复的文件，重新报送。",
        "Correct the duplicate number, or the file sent twice, and send again.",
    ),
    "DAT003": T(
        "更新报送的数据（至少每季度一次）并重新报送。",
        "Bring the data sent up to date (at least every quarter) and send it again.",
    ),
    "DAT004": T(
        "核对记录的日期，改正后重新报送。",
        "Check the record's date and send the corrected file.",
    ),
    "DAT005": T(
        "核对并改正起止日期写反或写错的记录，重新报送。",
        "Correct the record whose dates end before they begin, and send it again.",
    ),
    "EVD001": T(
        "补齐并报送所列的佐证材料（会议纪要、签到表、照片等）。",
        "Send the listed evidence (minutes, sign-in sheets, photographs).",
    ),
    "EVD002": T(
        "补齐会议纪要、签到表等佐证材料并报送。",
        "Send the minutes, sign-in sheet and other evidence of the meeting.",
    ),
}
