"""Danger said without the usual danger word, and the harmless messages that look like it.

The sixteenth evaluation set showed messages in Arabic, Turkish, Urdu, Persian, Polish,
Somali, Ukrainian and Bulgarian that neither the rules nor the learned model caught: a
plan without the word suicide ("I will jump from the balcony", "I bought a rope"), a
farewell that hands the children over, a child who swallowed rat poison or magnets or
ate wild mushrooms, a husband who forces sex or threatens with a gun, a baby shaken, a
girl to be cut or married off abroad. The rules written for them
(`content/<lang>/safeguarding.yaml`) are general, so these tests use wordings of our own,
not the evaluation's sentences.

A rule is only worth it if it keeps quiet on what looks like it: a goodbye before moving
house, "hakkınızı helal edin" when leaving a job, a rope for a swing, magnets on the
fridge, mushrooms from the shop, a gun in a film, a husband who smokes, a "my body is
mine" lesson. Both lists are pinned here, per language.
"""

from __future__ import annotations

import pytest

from faq.library import FaqLibrary

pytestmark = pytest.mark.clockless  # no date, no clock: see tests/test_one_clock.py

DANGER = [
    # Arabic (script and Arabizi)
    ("ar", "ابني عمره عشر ايام وحرارته ٣٨ ومش راضي يرضع"),
    ("ar", "بنتي اكلت سم الفيران اللي بالمخزن وهلق بتستفرغ"),
    ("ar", "ibni bala3 magnet min el le3be"),
    ("ar", "el walad akal fotr min el 7adi2a w biyistafrigh"),
    ("ar", "khalas ha2tol nafsi el leila"),
    ("ar", "رح ارمي نفسي من البلكونه الليلة"),
    ("ar", "اشتريت حبل وراح اشنق نفسي لما ينامو الولاد"),
    ("ar", "الليلة رح اقطع شراييني"),
    ("ar", "سامحوني. خلو بالكم من ولادي"),
    ("ar", "جوزي طلع السكين وقال راح اذبحك"),
    ("ar", "زوجي يضرب بنتنا بالحزام كل يوم"),
    ("ar", "حماي هز البيبي بقوة وهلق عيونه لفوق"),
    ("ar", "بدهم يختنوها لبنتي بالصيف بالسودان"),
    ("ar", "اهلها بدهم يزوجوها غصب لابن عمها"),
    ("ar", "زوجي يغصبني على العلاقة كل ليلة"),
    # Turkish
    ("tr", "bu gece köprüden atlayacağım, dayanamıyorum"),
    ("tr", "ip aldım, çocuklar uyuyunca kendimi asacağım"),
    ("tr", "bu gece bileklerimi keseceğim"),
    ("tr", "arabayı bariyere süreceğim, beni durdurmayın"),
    ("tr", "hakkınızı helal edin, çocuklarıma siz bakın"),
    ("tr", "oğlum fare zehri yemiş, ne yapayım"),
    ("tr", "kızım mıknatıs yuttu"),
    ("tr", "bebeğin bıngıldağı şişti ve çok uyuyor"),
    ("tr", "kocam bana bıçakla tehdit etti, öldürecekmiş"),
    ("tr", "kocam her gece zorla ilişkiye giriyor, istemiyorum"),
    ("tr", "kocam sigarayı koluma söndürdü"),
    ("tr", "abim namus için beni öldürecek diyor"),
    ("tr", "eşim 3 yaşındaki oğlumuzu kemerle dövüyor"),
    ("tr", "kayınpederim bebeği sarstı, şimdi gevşek ve tepkisiz"),
    ("tr", "kızım amcasının özel yerlerine dokunduğunu söyledi"),
    ("tr", "kızımı yazın zorla evlendirecekler"),
    # Urdu (script and Roman)
    ("ur", "meri beti ne bataya ke uncle usko ghalat jagah chhoote hain"),
    ("ur", "میری بیٹی کہتی ہے ٹیوٹر اس کی پرائیویٹ جگہ کو ہاتھ لگاتا ہے"),
    ("ur", "mere bhai kehte hain ghairat ke naam par mujhe maar denge"),
    ("ur", "شوہر نے چھری نکالی اور کہا جان سے مار دوں گا"),
    ("ur", "shohar roz raat zabardasti taluq banata hai, main nahi chahti"),
    ("ur", "میرا شوہر سگریٹ میرے ہاتھ پر بجھاتا ہے"),
    ("ur", "شوہر ہمارے 3 سال کے بیٹے کو بیلٹ سے مارتا ہے"),
    ("ur", "aaj raat pul se kood jaungi, bas bohot ho gaya"),
    ("ur", "آج رات پنکھے سے لٹک جاؤں گی"),
    ("ur", "aaj raat apni nasen kaat lungi"),
    ("ur", "بیٹے نے چوہے مار دوا کھا لی"),
    ("ur", "beti ne magnet nigal liya"),
    ("ur", "wo aadmi roz school ke bahar khara hota hai aur peecha karta hai"),
    ("ur", "سسرال والے بیٹی کی زبردستی شادی کروانا چاہتے ہیں"),
    # Persian and Finglish
    ("fa", "امشب خودم را از پل پرت می\u200cکنم"),
    ("fa", "امشب رگ\u200cهایم را می\u200cزنم، ببخشید"),
    ("fa", "shoharam ba tofang tahdid kard"),
    ("fa", "شوهرم با چاقو تهدیدم کرد که می\u200cکشدم"),
    ("fa", "پدرشوهرم بچه را محکم تکان داد، حالا بی\u200cحال است"),
    # The fear of hurting the baby, asked "what do I do" (2026-12-03: an exception for
    # "what do I do" silenced the first, a greedy gap reaching its last verb)
    ("fa", "میترسم بچه رو پرت کنم، چیکار کنم"),
    ("fa", "میترسم بچه رو خفه کنم، چیکار کنم"),
    ("fa", "دخترم گفت عمویش به جاهای خصوصی\u200cاش دست زده"),
    ("fa", "خداحافظ برای همیشه. مواظب دخترم باشید"),
    ("fa", "mikham khodamo az balkon part konam"),
    # Polish
    ("pl", "Synek połknął 3 kulki magnetyczne z zabawki brata, gdzie jechać?"),
    ("pl", "Mała połknęła dwa magnesiki z lodówki, co robić"),
    ("pl", "syn miał w buzi trutkę na myszy, chyba trochę zjadł"),
    ("pl", "Córka zjadła grzyba z trawnika i teraz wymiotuje"),
    ("pl", "zjadł grzyby które zebraliśmy w lesie, boli go brzuch i wymiotuje"),
    ("pl", "Mała przycięła palec drzwiami, koniuszek wisi na skórze"),
    ("pl", "uciął sobie czubek palca nożem, krwawi od pół godziny"),
    ("pl", "dziś w nocy skoczę z mostu, nie dam rady"),
    ("pl", "kupiłam sznur, powieszę się jak dzieci zasną"),
    ("pl", "dziś w nocy podetnę sobie żyły"),
    ("pl", "wjadę autem w barierę na autostradzie, nie zatrzymujcie mnie"),
    ("pl", "Żegnajcie. Zaopiekujcie się moimi dziećmi"),
    ("pl", "przepraszam za wszystko, listy do dzieci są w szufladzie"),
    ("pl", "Brat zabrał jej paszport, chcą ją wywieźć i wydać za mąż"),
    ("pl", "teściowa chce zabrać córkę do Somalii na obrzezanie"),
    ("pl", "zmuszają moją siostrę do ślubu z kuzynem"),
    ("pl", "mąż grozi mi nożem że mnie zabije"),
    ("pl", "on wyjął pistolet i powiedział że nas zastrzeli"),
    ("pl", "mąż zmusza mnie do seksu, mówię nie i płaczę"),
    ("pl", "partner bije naszego 2-latka paskiem, cały w siniakach"),
    ("pl", "teść potrząsał niemowlęciem bo płakało, teraz jest wiotki"),
    ("pl", "córka powiedziała że wujek dotykał ją w miejscach intymnych"),
    # Somali
    ("so", "caawa ayaan isku tuurayaa badda, carruurtu la'aantay way fiicnaan doonaan"),
    ("so", "xadhig ayaan soo iibsaday, qoorta ayaan ku xiran doonaa caawa"),
    ("so", "soddohday waxay rabtaa in gabadhayda la gudo fasaxa"),
    ("so", "aabbahay wuxuu yiri haddii ay diiddo guurka wuu dili doonaa"),
    ("so", "wiilkaygu wuxuu liqay birlab"),
    ("so", "gabadhaydu waxay cuntay sunta jiirka"),
    ("so", "ninkaygu mindi ayuu igu hanjabay wuxuuna yiri waan ku dili"),
    ("so", "ninkaygu sigaarka ayuu igu damiyaa gacmaha"),
    # Ukrainian, Russian, Latin letters
    ("uk", "Малий з'їв гриб на газоні в парку, тепер блює"),
    ("uk", "Сын съел гриб в лесу, теперь рвота и болит живот"),
    ("uk", "донька лизала отруту для щурів у підвалі, що робити"),
    ("uk", "Прощайте. Подбайте про моїх дітей"),
    ("uk", "купила мотузку, повішусь коли діти заснуть"),
    ("uk", "стрибну з мосту сьогодні, не можу більше"),
    ("uk", "вріжусь у відбійник на трасі, не зупиняйте мене"),
    ("uk", "Прокинулась у чужій квартирі без одягу, нічого не пам'ятаю, все болить"),
    ("uk", "мені щось підсипали в напій на вечірці"),
    ("uk", "після антибіотика в малої губи надуті і хрипить"),
    ("uk", "на малого впав телевізор з комоду, він лежить тихо, блідий"),
    ("uk", "Donja jila popkorn i zakashljalas, teper svyste, ne mozhe kashljaty i huby synijut"),
    ("uk", "чоловік дістав ніж і сказав що вб'є мене"),
    ("uk", "муж угрожает мне пистолетом"),
    ("uk", "чоловік примушує мене до сексу, я не хочу"),
    ("uk", "батько б'є трирічного сина ременем кожен день"),
    ("uk", "свекор трусив немовля, тепер воно мляве"),
    ("uk", "донька сказала що дядько торкався її в інтимних місцях"),
    ("uk", "мені підсипали щось у вино, прокинулась у чужій квартирі"),
    # Bulgarian, Latin letters
    ("bg", "ще скоча от моста довечера, не мога повече"),
    ("bg", "купих въже, ще се обеся като заспят децата"),
    ("bg", "довечера ще си прережа вените"),
    ("bg", "shte zabiya kolata v mantinelata, sbogom"),
    ("bg", "Сбогом. Грижете се за децата ми"),
    ("bg", "мъжът ми извади нож и каза, че ще ме заколи"),
    ("bg", "той ми гаси цигари по ръцете"),
    ("bg", "искат насила да омъжат дъщеря ми в България"),
    ("bg", "свекърва иска да заведе малката на обрязване"),
    ("bg", "баща ѝ каза, че ще я убият ако откаже брака"),
    ("bg", "мъжът ми ме насилва да правя секс"),
    ("bg", "мъжът ми бие тригодишния с колан"),
    ("bg", "свекърът разтърсваше бебето, сега е отпуснато"),
    ("bg", "дъщеря ми каза, че чичо ѝ я е пипал там долу"),
    ("bg", "синът ми глътна магнит от играчката"),
    ("bg", "изяде отрова за плъхове в мазето"),
    ("bg", "детето яде гъби в гората и сега повръща"),
    ("bg", "ще се блъсна в камиона на магистралата, сбогом"),
    ("bg", "ще вкарам колата си в мантинелата"),
]

HARMLESS = [
    # Arabic (script and Arabizi)
    ("ar", "سامحوني يا بنات، رح نسافر ونترك القروب، الله معكم"),
    ("ar", "عنا فيران بالمخزن، شو بتنصحوني قبل ما يكبر الولاد؟"),
    ("ar", "اشتريت حبل للمرجوحة بالحديقة"),
    ("ar", "مغناطيس التلاجة بيوقع كل شوي"),
    ("ar", "اكلنا فطر من السوبرماركت، طيب كتير"),
    ("ar", "بالفيلم طلع المسدس وقال راح اقتلك"),
    ("ar", "زوجي بيدخن سيجارة بالبلكونه"),
    ("ar", "بالروضة علموهم انه جسمي ملكي"),
    ("ar", "بهز البيبي بالسرير لحتى ينام"),
    ("ar", "ابني عمره سنتين وسخن من يومين"),
    ("ar", "زوجي يجبرني اروح معه عند اهله كل جمعة"),
    ("ar", "حزام الامان للطفل بالسيارة، شو بتنصحو؟"),
    ("ar", "ana 3ayza amoot men el da7k haha"),
    ("ar", "ابني صدره ما يطلع منه بلغم، شو اعطيه؟"),
    ("ar", "ابني عمره سنتين وسخن من ٣ ايام"),
    # Turkish
    ("tr", "Kızlar hakkınızı helal edin, işten ayrılıyorum, yeni işime başlıyorum"),
    ("tr", "hakkınızı helal edin, taşınıyoruz, Allah'a emanet olun"),
    ("tr", "bahçedeki salıncak için ip aldım"),
    ("tr", "buzdolabı mıknatısları çok güzel, nereden aldınız?"),
    ("tr", "marketten mantar aldık, çocuklar yedi, çok beğendiler"),
    ("tr", "filmde adam silah çekti ve öldürecekmiş gibi yaptı"),
    ("tr", "kocam balkonda sigara içiyor, nasıl bıraktırırım"),
    ("tr", "anaokulunda vücudum bana ait dersi yaptılar"),
    ("tr", "oğlum oyuncağı duvara fırlattı, nasıl davranmalıyım"),
    ("tr", "eski eşim instagramda beni takip ediyor, engellesem mi"),
    ("tr", "bebeğimi sallayarak uyutuyorum, normal mi"),
    ("tr", "3 yaşında ateşi 38 derece ama neşeli"),
    ("tr", "kemer ve ayakkabı aldık okul için"),
    ("tr", "kızım oyun oynarken 'anne seni izliyorum' diyor, çok tatlı"),
    # Urdu (script and Roman)
    ("ur", "school mein sikhaya ke koi bhi private jagah ko haath nahi laga sakta"),
    ("ur", "سکول میں سبق تھا کہ میرا جسم میرا ہے، کوئی غلط جگہ نہ چھوئے"),
    ("ur", "fridge ke magnet bohot pyare hain, kahan se liye?"),
    ("ur", "bazaar se mushroom liye, bachon ne maze se khaye"),
    ("ur", "shohar cigarette peete hain balcony mein, kaise chhudaun?"),
    ("ur", "film mein villain ne pistol nikala aur kaha maar doon ga"),
    ("ur", "jhoole ke liye rassi khareedi"),
    ("ur", "sab ko khuda hafiz, hum Aarhus shift ho rahe hain, dua mein yaad rakhna"),
    ("ur", "ghar ki tasveerein bhejo behen, naya ghar kaisa hai?"),
    ("ur", "mera beta har waqt mera peecha karta hai ghar mein, normal hai?"),
    ("ur", "belt school ke liye khareedni hai"),
    ("ur", "bache ne gandi jagah haath lagaya phir munh mein daala"),
    # Persian and Finglish
    ("fa", "خداحافظ دوستان، کوچ می\u200cکنیم به آرهوس، ممنون از همه"),
    ("fa", "خداحافظ برای همیشه از این گروه، به شهر جدید می\u200cرویم"),
    ("fa", "بچه را آرام تکان می\u200cدهم تا بخوابد"),
    ("fa", "در فیلم قاتل با چاقو تهدید کرد"),
    ("fa", "شوهرم سیگار می\u200cکشد در بالکن"),
    ("fa", "در کودکستان یاد دادند که بدنم مال خودم است"),
    ("fa", "برای تاب بچه طناب خریدم"),
    ("fa", "ببخشید که زحمت دادم، ممنون از کمک\u200cتان"),
    ("fa", "jaye amn baraye bazi bacheha tu Kobenhavn koja hast?"),
    # Polish
    ("pl", "magnesy na lodówce spadają, jakie kupić?"),
    ("pl", "czy kulki magnetyczne to dobra zabawka dla 8-latka?"),
    (
        "pl",
        "mamy myszy w piwnicy, czy trutka na szczury jest bezpieczna jak dzieci tam nie chodzą?",
    ),
    ("pl", "dzieci zjadły grzyby ze sklepu w zupie, smakowało"),
    ("pl", "zebraliśmy grzyby w lesie, jak je zamarynować?"),
    ("pl", "przytrzasnęła palec w drzwiach, jest czerwony, płakała chwilę"),
    ("pl", "stoję na balkonie i chcę skoczyć do sklepu, ktoś popilnuje dzieci?"),
    ("pl", "chcę skoczyć na bungee na urodziny"),
    ("pl", "Żegnajcie kochani, przeprowadzamy się do Aarhus, dziękuję za wszystko"),
    ("pl", "kupiłam linę do huśtawki w ogrodzie"),
    ("pl", "siostra wychodzi za mąż w Polsce, lecimy wszyscy w wakacje"),
    ("pl", "musimy wywieźć meble do Polski, ktoś zna firmę?"),
    ("pl", "obrzezanie syna ze względów medycznych, gdzie w Danii?"),
    ("pl", "w filmie bandyta grozi nożem i pistoletem"),
    ("pl", "mąż pali papierosy na balkonie, śmierdzi"),
    ("pl", "w przedszkolu uczą że moje ciało należy do mnie i nikt nie może dotykać majtek"),
    ("pl", "synek dotyka siusiaka w kąpieli, czy to normalne?"),
    ("pl", "pasek do spodni dla 3-latka, gdzie kupić"),
    ("pl", "w przedszkolu uczyli o nożyczkach, mała ucięła papier"),
    # Somali
    ("so", "carruurtayda ha u fiirsadaan ayeeyadood inta aan shaqada joogo"),
    ("so", "maanta badda ayaan tagnay carruurta, aad bay u xiiseeyeen"),
    ("so", "xadhig ayaan iibsaday lulida carruurta"),
    ("so", "wiilkayga waa la guday isbitaalka, sidee loo daryeelaa?"),
    ("so", "waxaan u guuraynaa Aarhus, nabadgelyo dhammaantiin"),
    ("so", "birlabta qaboojiyaha waa qurux badan yihiin"),
    ("so", "ninkaygu sigaar buu cabbaa balakoonka"),
    ("so", "mindi cusub ayaan jikada u iibsaday"),
    ("so", "gabadhayda waxay ka qayb gashay olole ka dhan ah gudniinka"),
    # Ukrainian, Russian, Latin letters
    ("uk", "магніти на холодильник для дітей, де купити?"),
    ("uk", "ми зібрали гриби в лісі, як їх засолити?"),
    ("uk", "діти з'їли гриби з магазину в супі, все добре"),
    ("uk", "поставили пастки для мишей у підвалі, чи безпечно дітям?"),
    ("uk", "Прощавайте, ми переїжджаємо в Оденсе, дякую вам за все"),
    ("uk", "Залишила ключі сусідці, бо їдемо у відпустку, дякую за все"),
    ("uk", "купила мотузку для гойдалки в саду"),
    ("uk", "купила леза для бритви чоловікові"),
    ("uk", "у малої губа опухла після удару об стіл, вже краще"),
    ("uk", "телевізор впав з комоду, добре що дітей не було поруч"),
    ("uk", "донька прокинулась без одягу, зняла піжаму вночі"),
    ("uk", "у фільмі бандит дістав пістолет і сказав що вб'є"),
    ("uk", "чоловік курить цигарки на балконі"),
    ("uk", "в садочку вчили що моє тіло належить мені"),
    ("uk", "купила ремінь для сина на випускний"),
    ("uk", "kashljaje vzhe tyzhden, ale dyhaje normalno"),
    # Bulgarian, Latin letters
    ("bg", "Сбогом, приятели, местим се в Орхус, благодаря за всичко"),
    ("bg", "ще скоча до магазина, някой ще гледа децата?"),
    ("bg", "мъжът ми пуши цигари на терасата, как да го откажа"),
    ("bg", "мъжът ми гаси цигарите в саксията"),
    ("bg", "мъжът ми има ловна пушка с разрешително, как да я съхраняваме далеч от децата?"),
    ("bg", "във филма бандитът извади пистолет и каза това е за теб"),
    ("bg", "купих въже за люлката в градината"),
    ("bg", "магнити за хладилника, къде да купя?"),
    ("bg", "купихме гъби от магазина и ги ядохме, вкусни бяха"),
    ("bg", "къде да изхвърля стар живачен термометър?"),
    ("bg", "децата написаха писма до Дядо Коледа"),
    ("bg", "в градината учат, че тялото ми е мое"),
    ("bg", "крачетата на бебето са малко изкривени, нормално ли е?"),
    ("bg", "сестра ми се омъжва в България това лято"),
    ("bg", "ще забия пирон в стената за картината"),
    ("bg", "синът ми удари топката с крак и тя излетя през оградата"),
    ("bg", "ще забия колата в сервиза утре, че трака"),
    # False alarms a review of these rules found (a child rocked, a fever of days, a move,
    # a lesson, a phone's battery, a haircut): now quiet.
    ("ar", "ابني يجبرني انام معه بالليل"),
    ("ar", "zawji yhiz el baby la ynam"),
    ("ar", "5ayfe a3mel shi ghalat bel 7ammam"),
    ("ar", "khayfe a2zi el baby lamma a2os adafiro"),
    ("ar", "bidi amoot 3aleh hal baby"),
    ("ar", "بنتي عمرها ٤ سنين عندها 2 يوم سخنه"),
    ("ar", "ابني عنده حراره وعندنا مولود جديد"),
    ("ar", "عملنا ختان للولد والبنت عندها حراره"),
    ("ar", "سامحوني… اخر مره بكتب بالقروب لاننا رح ننتقل"),
    ("ar", "ضربت فرامل والحزام شد على بطني"),
    ("tr", "Oğlum zorla yatıyor her gece"),
    ("tr", "zorla birlikte oynuyorlar"),
    ("tr", "Bu hafta sonu kendimi parka atacağım"),
    ("tr", "Bu oyun telefonun pilini yedi"),
    ("tr", "Taşınıyoruz, bu gruptaki son mesajım, hakkınızı helal edin"),
    ("tr", "Kızım 16 haftalık, aşıdan sonra ateşi 38"),
    ("tr", "Kızım akşam mantarlı makarna yedi, sonra parkta oynadık"),
    ("tr", "Kreşte kimsenin özel yerlerine dokunamayacağını öğrettiler"),
    ("tr", "Oğlumun sünnet düğününe kızımı da getiriyorum"),
    ("ur", "Mere shohar cigarette jala kar ghar mein peete hain"),
    ("ur", "Motorway par gaari truck se takra gayi, khabar mein dekha"),
    ("ur", "Beta cell phone dekhte hue khana kha liya"),
    ("ur", "Phone ki battery khatam, beta khana kha gaya"),
    ("ur", "Is khabar ne mujhe jhanjhor diya"),
    ("ur", "Bachay chhat se kood rahe the khel mein"),
    ("ur", "خبروں میں مجرم کو پھانسی لگا دی گئی"),
    ("fa", "ما داریم میریم نروژ، برای همیشه خداحافظ"),
    ("fa", "khodamo part kardam ru kanape"),
    ("fa", "در مهد یاد دادند… جاهای خصوصی را لمس کند"),
    ("fa", "من پرستارم و هر روز رگ میزنم"),
    ("pl", "Jak zmusić dziecko do wyjścia z domu?"),
    ("pl", "Kupiłam linę, żeby powiesić huśtawkę"),
    ("pl", "Zaraz skoczę po syna do przedszkola, okno zostawiłam otwarte"),
    ("pl", "w lesie znaleźliśmy muchomora"),
    ("pl", "Pobrali krew, od godziny czekamy"),
    ("pl", "Przeprowadzamy się na zawsze… przepraszam za wszystko"),
    ("pl", "Obrzezanie syna…, a córka ma ospę"),
    ("pl", "Musimy wywieźć stare meble, mąż nie chce"),
    ("pl", "Mąż potrząsał butelką przed dzieckiem"),
    ("pl", "Nauczyciel dotknął go w ramię, tam na placu"),
    ("so", "Wiilkayga indhaha ma furi karo subaxdii"),
    ("so", "Klorinka barkadda ayaa indhaha u cuncunaya"),
    ("so", "Warqad ayaan u qoray macalinka, waan daalay maanta"),
    ("so", "Carruurta waxay rabaan inaan badda galo"),
    ("so", "Qasab ayay noqotay inaan guurno"),
    ("uk", "Malyi ne mozhe dyhaty nosom cherez nezhyt"),
    ("uk", "Vin ne mozhe perestaty kashlyaty"),
    ("uk", "Ми переїжджаємо назавжди до Канади, прощавайте, ви були як сімя"),
    ("uk", "Що подсыпали в смесь, чтобы была густая?"),
    ("uk", "Купила мотузку для гойдалки"),
    ("uk", "Дочка зїла грибний суп у парку"),
    ("uk", "Личико опухло від сліз і червоні плями"),
    ("uk", "Шафа впала вночі, дочка злякалась"),
    ("uk", "Боюся врізатися в стовп, коли вчуся водити"),
    ("uk", "Скочу з машини на хвилинку в аптеку"),
    ("uk", "Лікар торкався його там, де болить"),
    ("bg", "Как да обрежа ноктите на малката?"),
    ("bg", "Ще обрежа косата на дъщеря ми"),
    ("bg", "Дядо друса бебето на коляно"),
    ("bg", "Мъжът ми друса бебето, за да заспи"),
    ("bg", "Малката завърза обувките си сама!"),
    ("bg", "Мъжът ми гаси цигарите на балкона и на мен ми мирише"),
    ("bg", "Гърлото ме гори от цигарите на мъжа"),
    ("bg", "Изяде три топчици сладолед"),
    ("bg", "Детската градина ми взе документите, не искам да чакам"),
    ("bg", "Яде гъби за обяд, после ходихме в парка"),
    ("bg", "Лекарят я пипа там, където боли"),
]


@pytest.mark.parametrize(("code", "text"), DANGER)
def test_danger_said_without_the_usual_word_raises_the_alarm(
    library: FaqLibrary, code: str, text: str
) -> None:
    assert library.safeguarding.signals(text), f"{code}: no alarm for {text!r}"


@pytest.mark.parametrize(("code", "text"), HARMLESS)
def test_the_harmless_look_alike_stays_quiet(library: FaqLibrary, code: str, text: str) -> None:
    assert not library.safeguarding.signals(text), (
        f"{code}: alarm {sorted(library.safeguarding.signals(text))} for {text!r}"
    )


# Harmless for the kind these rules raised; an older rule still reads them as a child's
# emergency (a child who got burnt, a child who takes pills), which these tests leave be.
NOT_THIS_KIND = [
    ("ur", "بچے نے غلط جگہ ہاتھ لگایا اور جل گیا", "violence"),
    ("bg", "Простете ми, днес ме няма на срещата, детето пие хапчета", "self_harm"),
]


@pytest.mark.parametrize(("code", "text", "signal"), NOT_THIS_KIND)
def test_the_look_alike_does_not_raise_that_kind(
    library: FaqLibrary, code: str, text: str, signal: str
) -> None:
    assert signal not in library.safeguarding.signals(text), f"{code}: {signal} for {text!r}"


@pytest.mark.parametrize("code", ["ar", "tr", "ur", "fa", "pl", "so", "uk", "bg"])
def test_each_language_has_enough_examples_both_ways(code: str) -> None:
    assert sum(1 for c, _ in DANGER if c == code) >= 4
    assert sum(1 for c, _ in HARMLESS if c == code) >= 4
