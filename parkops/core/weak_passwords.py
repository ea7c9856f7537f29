"""Weak passwords as people on Chinese government and company sites choose them, and as the password
lists leaked from Chinese sites (CSDN, 天涯, 12306 and others) show them: a common word dressed up with a
capital, a symbol and a number (Admin@123, P@ssw0rd, Woaini@1314), keyboard walks (1qaz@WSX, Qwer1234)
and number runs. Vendored and short on purpose: the word list catches the dressed-up forms, which a list
of whole passwords (Django's CommonPasswordValidator, also on) cannot."""

# The letters of a password, lower-cased and with look-alike digits and symbols read as letters,
# that make it weak whatever digits and symbols surround them.
WEAK_WORDS = frozenset("""
admin administrator adm root sys system sysadmin manager super superadmin test tester guest user users
password passwd pass pwd passw0rd mima welcome hello changeme letmein default login master
qwerty qwe qwer qwert asdf asd asdfgh zxc zxcv zxcvb zxcvbn zxcvbnm qaz qazwsx wsx edc abc abcd abcde abcdef
iloveyou love woaini aini wangyi wang li zhang liu chen yang huang zhao woaiwojia
qq weixin wechat baidu taobao alibaba huawei xiaomi oracle mysql postgres server database db
gov zhengfu zfw guanwei guanweihui yuanqu gaoxin gaoxinqu kaifaqu office oa
china zhongguo beijing shanghai
a aa aaa aaaa ab abc1 x xx xxx q qq1
""".split())

KEYBOARD_RUNS = (
    "1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "qazwsxedcrfvtgbyhnujmikolp",
)

# Shifted digits read as their digit (1qaz@WSX is 1qaz2wsx), look-alikes read as letters (P@ssw0rd).
SHIFTED = str.maketrans("!@#$%^&*()", "1234567890")
LOOK_ALIKES = str.maketrans("@0134$5!7", "aoieassit")
