using System.Globalization;
using System.Text;
using Peake.Dicom;

namespace Peake.Bench;

/// <summary>
/// Patients with distinct names, each with 1-5 studies (one modality each), 1-4 series per study (radiographs 1-2),
/// 1-12 small instances per series (16x16 pixels: a metadata corpus, what queries see). On average about 36 instances
/// per patient: ~2,700 patients and ~8,100 studies per 100,000 instances. Surnames come from a list of common ones, so a
/// wildcard on a surname's first letters (SMI*) matches a few patients, more as the corpus grows, as in a real archive.
/// </summary>
internal sealed class CorpusWriter(string folder, int[] sizes, int parts)
{
    // 2.25 + a fixed integer below 2^128 (PS3.5 B.2); then kind.index: deterministic, unique within the corpus.
    private const string Root = "2.25.271828182845904523536028747135266";

    private static readonly (string Modality, string SopClass, string Description, string BodyPart, int MaxSeries)[] Kinds =
    [
        ("CT", "1.2.840.10008.5.1.4.1.1.2", "CT CHEST ABDOMEN PELVIS W CONTRAST", "CHEST", 4),
        ("CT", "1.2.840.10008.5.1.4.1.1.2", "CT HEAD WO CONTRAST", "HEAD", 3),
        ("MR", "1.2.840.10008.5.1.4.1.1.4", "MR BRAIN W WO CONTRAST", "BRAIN", 4),
        ("MR", "1.2.840.10008.5.1.4.1.1.4", "MR KNEE LEFT", "KNEE", 4),
        ("CR", "1.2.840.10008.5.1.4.1.1.1", "XR CHEST 2 VIEWS", "CHEST", 2),
        ("DX", "1.2.840.10008.5.1.4.1.1.1.1", "XR HAND 3 VIEWS", "HAND", 2),
        ("US", "1.2.840.10008.5.1.4.1.1.6.1", "US ABDOMEN COMPLETE", "ABDOMEN", 1),
        ("MG", "1.2.840.10008.5.1.4.1.1.1.2", "MG SCREENING BILATERAL", "BREAST", 2),
    ];

    private static readonly string[] Surnames =
    [
        "SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "MILLER", "DAVIS", "RODRIGUEZ", "MARTINEZ", "HERNANDEZ",
        "LOPEZ", "GONZALEZ", "WILSON", "ANDERSON", "THOMAS", "TAYLOR", "MOORE", "JACKSON", "MARTIN", "LEE", "PEREZ",
        "THOMPSON", "WHITE", "HARRIS", "SANCHEZ", "CLARK", "RAMIREZ", "LEWIS", "ROBINSON", "WALKER", "YOUNG", "ALLEN",
        "KING", "WRIGHT", "SCOTT", "TORRES", "NGUYEN", "HILL", "FLORES", "GREEN", "ADAMS", "NELSON", "BAKER", "HALL",
        "RIVERA", "CAMPBELL", "MITCHELL", "CARTER", "ROBERTS", "GOMEZ", "PHILLIPS", "EVANS", "TURNER", "DIAZ", "PARKER",
        "CRUZ", "EDWARDS", "COLLINS", "REYES", "STEWART", "MORRIS", "MORALES", "MURPHY", "COOK", "ROGERS", "GUTIERREZ",
        "ORTIZ", "MORGAN", "COOPER", "PETERSON", "BAILEY", "REED", "KELLY", "HOWARD", "RAMOS", "KIM", "COX", "WARD",
        "RICHARDSON", "WATSON", "BROOKS", "CHAVEZ", "WOOD", "JAMES", "BENNETT", "GRAY", "MENDOZA", "RUIZ", "HUGHES",
        "PRICE", "ALVAREZ", "CASTILLO", "SANDERS", "PATEL", "MYERS", "LONG", "ROSS", "FOSTER", "JIMENEZ", "POWELL",
        "JENKINS", "PERRY", "RUSSELL", "SULLIVAN", "BELL", "COLEMAN", "BUTLER", "HENDERSON", "BARNES", "GONZALES",
        "FISHER", "VASQUEZ", "SIMMONS", "ROMERO", "JORDAN", "PATTERSON", "ALEXANDER", "HAMILTON", "GRAHAM", "REYNOLDS",
        "GRIFFIN", "WALLACE", "MORENO", "WEST", "COLE", "HAYES", "BRYANT", "HERRERA", "GIBSON", "ELLIS", "TRAN",
        "MEDINA", "AGUILAR", "STEVENS", "MURRAY", "FORD", "CASTRO", "MARSHALL", "OWENS", "HARRISON", "FERNANDEZ",
        "MCDONALD", "WOODS", "WASHINGTON", "KENNEDY", "WELLS", "VARGAS", "HENRY", "CHEN", "FREEMAN", "WEBB", "TUCKER",
        "GUZMAN", "BURNS", "CRAWFORD", "OLSON", "SIMPSON", "PORTER", "HUNTER", "GORDON", "MENDEZ", "SILVA", "SHAW",
        "SNYDER", "MASON", "DIXON", "MUNOZ", "HUNT", "HICKS", "HOLMES", "PALMER", "WAGNER", "BLACK", "ROBERTSON",
        "BOYD", "ROSE", "STONE", "SALAZAR", "FOX", "WARREN", "MILLS", "MEYER", "RICE", "SCHMIDT", "GARZA", "DANIELS",
        "FERGUSON", "NICHOLS", "STEPHENS", "SOTO", "WEAVER", "RYAN", "GARDNER", "PAYNE", "GRANT", "DUNN", "KELLEY",
        "SPENCER", "HAWKINS", "ARNOLD", "PIERCE", "VAZQUEZ", "HANSEN", "PETERS", "SANTOS", "HART", "BRADLEY", "KNIGHT",
        "ELLIOTT", "CUNNINGHAM", "DUNCAN", "ARMSTRONG", "HUDSON", "CARROLL", "LANE", "RILEY", "ANDREWS", "ALVARADO",
        "RAY", "DELGADO", "BERRY", "PERKINS", "HOFFMAN", "JOHNSTON", "MATTHEWS", "PENA", "RICHARDS", "CONTRERAS",
        "WILLIS", "CARPENTER", "LAWRENCE", "SANDOVAL", "GUERRERO", "GEORGE", "CHAPMAN", "RIOS", "ESTRADA", "ORTEGA",
        "WATKINS", "GREENE", "NUNEZ", "WHEELER", "VALDEZ", "HARPER", "BURKE", "LARSON", "SANTIAGO", "MALDONADO",
        "MORRISON", "FRANKLIN", "CARLSON", "AUSTIN", "DOMINGUEZ", "CARR", "LAWSON", "JACOBS", "OBRIEN", "LYNCH",
        "SINGH", "VEGA", "BISHOP", "MONTGOMERY", "OLIVER", "JENSEN", "HARVEY", "WILLIAMSON", "GILBERT", "DEAN", "SIMS",
        "ESPINOZA", "HOWELL", "LI", "WONG", "REID", "HANSON", "LE", "MCCOY", "GARRETT", "BURTON", "FULLER", "WANG",
        "WEBER", "WELCH", "ROJAS", "LUCAS", "MARQUEZ", "FIELDS", "PARK", "YANG", "LITTLE", "BANKS", "PADILLA", "DAY",
        "WALSH", "BOWMAN", "SCHULTZ", "LUNA", "FOWLER", "MEJIA", "DAVIDSON", "ACOSTA", "BREWER", "MAY", "HOLLAND",
        "JUAREZ", "NEWMAN", "PEARSON", "CURTIS", "CORTEZ", "DOUGLAS", "SCHNEIDER", "JOSEPH", "BARRETT", "NAVARRO",
        "FIGUEROA", "KELLER", "AVILA", "WADE", "MOLINA", "STANLEY", "HOPKINS", "CAMPOS", "BARNETT", "BATES", "CHAMBERS",
        "CALDWELL", "BECK", "LAMBERT", "MIRANDA", "BYRD", "CRAIG", "AYALA", "LOWE", "FRAZIER", "POWERS", "NEAL", "LEONARD",
        "GREGORY", "CARRILLO", "SUTTON", "FLEMING", "RHODES", "SHELTON", "SCHWARTZ", "NORRIS", "JENNINGS", "WATTS",
        "DURAN", "WALTERS", "COHEN", "MCDANIEL", "MORAN", "PARKS", "STEELE", "VAUGHN", "BECKER", "HOLT", "DELEON",
        "BARKER", "TERRY", "HALE", "LEON", "HAIL", "BENSON", "HAYNES", "HORTON", "MILES", "LYONS", "PHAM", "GRAVES",
        "BUSH", "THORNTON", "WOLFE", "WARNER", "CABRERA", "MCKINNEY", "MANN", "ZIMMERMAN", "DAWSON", "LARA", "FLETCHER",
        "PAGE", "MCCARTHY", "LOVE", "ROBLES", "CERVANTES", "SOLIS", "ERICKSON", "REEVES", "CHANG", "KLEIN", "SALINAS",
        "FUENTES", "BALDWIN", "DANIEL", "SIMON", "VELASQUEZ", "HARDY", "HIGGINS", "AGUIRRE", "LIN", "CUMMINGS",
        "CHANDLER", "SHARP", "BARBER", "BOWEN", "OCHOA", "DENNIS", "ROBBINS", "LIU", "RAMSEY", "FRANCIS", "GRIFFITH",
        "PAUL", "BLAIR", "OCONNOR", "CARDENAS", "PACHECO", "CROSS", "CALDERON", "QUINN", "MOSS", "SWANSON", "CHAN",
        "RIVAS", "KHAN", "RODGERS", "SERRANO", "FITZGERALD", "ROSALES", "STEVENSON", "CHRISTENSEN", "MANNING", "GILL",
        "CURRY", "MCLAUGHLIN", "HARMON", "MCGEE", "GROSS", "DOYLE", "GARNER", "NEWTON", "BURGESS", "REESE", "WALTON",
        "BLAKE", "TRUJILLO", "ADKINS", "BRADY", "GOODMAN", "ROMAN", "WEBSTER", "GOODWIN", "FISCHER", "HUANG", "POTTER",
        "DELACRUZ", "MONTOYA", "TODD", "WU", "HINES", "MULLINS", "CASTANEDA", "MALONE", "CANNON", "TATE", "MACK",
        "SHERMAN", "HUBBARD", "HODGES", "ZHANG", "GUERRA", "WOLF", "VALENCIA", "SAUNDERS", "FRANCO", "ROWE", "GALLAGHER",
        "FARMER", "HAMMOND", "HAMPTON", "TOWNSEND", "INGRAM", "WISE", "GALLEGOS", "CLARKE", "BARTON", "SCHROEDER",
        "MAXWELL", "WATERS", "LOGAN", "CAMACHO", "STRICKLAND", "NORMAN", "PERSON", "COLON", "PARSONS", "FRANK",
        "HARRINGTON", "GLOVER", "OSBORNE", "BUCHANAN", "CASEY", "FLOYD", "PATTON", "IBARRA", "BALL", "TYLER", "SUAREZ",
        "BOWERS", "OROZCO", "SALAS", "COBB", "GIBBS", "ANDRADE", "BAUER", "CONNER", "MOODY", "ESCOBAR", "MCGUIRE",
        "LLOYD", "MUELLER", "HARTMAN", "FRENCH", "KRAMER", "MCBRIDE", "POPE", "LINDSEY", "VELAZQUEZ", "NORTON",
        "MCCORMICK", "SPARKS", "FLYNN", "YATES", "HOGAN", "MARSH", "MACIAS", "VILLANUEVA", "ZAMORA", "PRATT", "STOKES",
        "OWEN", "BALLARD", "LANG", "BROCK", "VILLARREAL", "CHARLES", "DRAKE", "BARRERA", "CAIN", "PATRICK", "PINEDA",
        "BURNETT", "MERCADO", "SANTANA", "SHEPHERD", "BAUTISTA", "ALI", "SHAFFER", "LAMB", "TREVINO", "MCKENZIE", "HESS",
        "BEIL", "OLSEN", "COCHRAN", "MORTON", "NASH", "WILKINS", "PETERSEN", "BRIGGS", "SHAH", "ROTH", "NICHOLSON",
        "HOLLOWAY", "LOZANO", "RANGEL", "FLOWERS", "HOOVER", "SHORT", "ARIAS", "MORA", "VALENZUELA", "BRYAN", "MEYERS",
        "WEISS", "UNDERWOOD", "BASS", "GREER", "SUMMERS", "HOUSTON", "CARSON", "MORROW", "CLAYTON", "WHITAKER",
        "DECKER", "YODER", "COLLIER", "ZUNIGA", "CAREY", "WILCOX", "MELENDEZ", "POOLE", "ROBERSON", "LARSEN", "CONLEY",
        "DAVENPORT", "COPELAND", "MASSEY", "LAM", "HUFF", "ROCHA", "CAMERON", "JEFFERSON", "HOOD", "MONROE", "ANTHONY",
        "PITTMAN", "HUYNH", "RANDALL", "SINGLETON", "KIRK", "COMBS", "MATHIS", "CHRISTIAN", "SKINNER", "BRADFORD",
        "RICHARD", "GALVAN", "WALL", "BOONE", "KIRBY", "WILKINSON", "BRIDGES", "BRUCE", "ATKINSON", "VELEZ", "MEZA",
        "ROY", "VINCENT", "YORK", "HODGE", "VILLA", "ABBOTT", "ALLISON", "TAPIA", "GATES", "CHASE", "SOSA", "SWEENEY",
        "FARRELL", "WYATT", "DALTON", "HORN", "BARRON", "PHELPS", "YU", "DICKERSON", "HEATH", "FOLEY", "ATKINS",
        "MATHEWS", "BONILLA", "ACEVEDO", "BENITEZ", "ZAVALA", "HENSLEY", "GLENN", "CISNEROS", "HARRELL", "SHIELDS",
        "RUBIO", "HUFFMAN", "CHOI", "BOYER", "GARRISON", "ARROYO", "BOND", "KANE", "HANCOCK", "CALLAHAN", "DILLON",
        "CLINE", "WIGGINS", "GRIMES", "ARELLANO", "MELTON", "ONEILL", "SAVAGE", "HO", "BELTRAN", "PITTS", "PARRISH",
        "PONCE", "RICH", "BOOTH", "KOCH", "GOLDEN", "WARE", "BRENNAN", "MCDOWELL", "MARKS", "CANTU", "HUMPHREY",
        "BAXTER", "SAWYER", "CLAY", "TANNER", "HUTCHINSON", "KAUR", "BERG", "WILEY", "GILMORE", "RUSSO", "VILLEGAS",
        "HOBBS", "KEITH", "WILKERSON", "AHMED", "BEARD", "MCCLAIN", "MONTES", "MATA", "ROSARIO", "VANG", "WALTER",
        "HENSON", "ONEAL", "MOSLEY", "MCCLURE", "BEASLEY", "STEPHENSON", "SNOW", "HUERTA", "PRESTON", "VANCE", "BARRY",
        "JOHNS", "EATON", "BLACKWELL", "DYER", "PRINCE", "MACDONALD", "SOLOMON", "GUEVARA", "STAFFORD", "ENGLISH",
        "HURST", "WOODARD", "CORTES", "SHANNON", "KEMP", "NOLAN", "MCCULLOUGH", "MERRITT", "MURILLO", "MOON", "SALGADO",
        "STRONG", "KLINE", "CORDOVA", "BARAJAS", "ROACH", "ROSAS", "WINTERS", "JACOBSON", "LESTER", "KNOX", "BULLOCK",
        "KERR", "LEACH", "MEADOWS", "ORR", "DAVILA", "WHITEHEAD", "PRUITT", "KENT", "CONWAY", "MCKEE", "BARR", "DAVID",
        "DEJESUS", "MARIN", "BERGER", "MCINTYRE", "BLANKENSHIP", "GAINES", "PALACIOS", "CUEVAS", "BARTLETT", "DURHAM",
        "DORSEY", "MCCALL", "ODONNELL", "STEIN", "BROWNING", "STOUT", "LOWERY", "SLOAN", "MCLEAN", "HENDRICKS", "CALHOUN",
        "SEXTON", "CHUNG", "GENTRY", "HULL", "DUARTE", "ELLISON", "NIELSEN", "GILLESPIE", "BUCK", "MIDDLETON", "SELLERS",
        "LEBLANC", "ESPARZA", "HARDIN", "BRADSHAW", "MCINTOSH", "HOWE", "LIVINGSTON", "FROST", "GLASS", "MORSE", "KNAPP",
    ];

    private static readonly string[] GivenNames =
    [
        "JAMES", "MARY", "ROBERT", "PATRICIA", "JOHN", "JENNIFER", "MICHAEL", "LINDA", "DAVID", "ELIZABETH", "WILLIAM",
        "BARBARA", "RICHARD", "SUSAN", "JOSEPH", "JESSICA", "THOMAS", "SARAH", "CHARLES", "KAREN", "CHRISTOPHER", "LISA",
        "DANIEL", "NANCY", "MATTHEW", "BETTY", "ANTHONY", "MARGARET", "MARK", "SANDRA", "DONALD", "ASHLEY", "STEVEN",
        "KIMBERLY", "PAUL", "EMILY", "ANDREW", "DONNA", "JOSHUA", "MICHELLE", "KENNETH", "CAROL", "KEVIN", "AMANDA",
        "BRIAN", "DOROTHY", "GEORGE", "MELISSA", "TIMOTHY", "DEBORAH", "RONALD", "STEPHANIE", "EDWARD", "REBECCA",
        "JASON", "SHARON", "JEFFREY", "LAURA", "RYAN", "CYNTHIA", "JACOB", "KATHLEEN", "GARY", "AMY", "NICHOLAS",
        "ANGELA", "ERIC", "SHIRLEY", "JONATHAN", "ANNA", "STEPHEN", "BRENDA", "LARRY", "PAMELA", "JUSTIN", "EMMA",
        "SCOTT", "NICOLE", "BRANDON", "HELEN", "BENJAMIN", "SAMANTHA", "SAMUEL", "KATHERINE", "GREGORY", "CHRISTINE",
        "ALEXANDER", "DEBRA", "FRANK", "RACHEL", "PATRICK", "CAROLYN", "RAYMOND", "JANET", "JACK", "CATHERINE", "DENNIS",
        "MARIA", "JERRY", "HEATHER",
    ];

    private static readonly DicomTag SopClassUid = new(0x0008, 0x0016);
    private static readonly DicomTag SopInstanceUid = new(0x0008, 0x0018);

    private readonly Random _random = new(20261130);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly byte[] _pixels = new byte[16 * 16 * 2];
    private int _instance;
    private int _series;
    private int _study;

    /// <summary>Writes every stage; returns the number of instances written.</summary>
    public int Write()
    {
        using var patients = new StreamWriter(Path.Combine(folder, "patients.tsv"), append: false, Encoding.ASCII);
        var total = sizes[^1];
        for (var p = 0; _instance < total; p++)
        {
            var part = p % parts;
            var id = $"MRN{1000000 + p}";
            var name = NewName();
            var birth = new DateOnly(1930, 1, 1).AddDays(_random.Next(365 * 90));
            var sex = _random.Next(2) == 0 ? "F" : "M";
            var stageOfFirst = Stage(_instance + 1);
            var studies = 1 + _random.Next(5);
            var written = 0;
            for (var s = 0; s < studies && _instance < total; s++, written++)
            {
                WriteStudy(part, id, name, birth, sex);
            }
            patients.WriteLine($"{stageOfFirst}\t{part}\t{id}\t{name}\t{written}");
        }
        return _instance;
    }

    private int Stage(int instanceNumber)
    {
        for (var k = 0; k < sizes.Length; k++)
        {
            if (instanceNumber <= sizes[k])
            {
                return k + 1;
            }
        }

        throw new InvalidOperationException("past the last size");
    }

    private string NewName()
    {
        while (true)
        {
            var name = $"{Surnames[_random.Next(Surnames.Length)]}^{GivenNames[_random.Next(GivenNames.Length)]}^{(char)('A' + _random.Next(26))}";
            if (_names.Add(name))
            {
                return name;
            }
        }
    }

    private void WriteStudy(int part, string patientId, string patientName, DateOnly birth, string sex)
    {
        var kind = Kinds[_random.Next(Kinds.Length)];
        var study = $"{Root}.1.{++_study}";
        var date = new DateOnly(2015, 1, 1).AddDays(_random.Next(365 * 12));
        var time = $"{_random.Next(7, 19):D2}{_random.Next(60):D2}{_random.Next(60):D2}";
        var seriesCount = 1 + _random.Next(kind.MaxSeries);
        var common = new DicomDataset();
        common.SetString(SopClassUid, DicomVR.UI, kind.SopClass);
        common.SetString(new DicomTag(0x0008, 0x0020), DicomVR.DA, date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        common.SetString(new DicomTag(0x0008, 0x0030), DicomVR.TM, time);
        common.SetString(new DicomTag(0x0008, 0x0050), DicomVR.SH, $"ACC{_study:D9}");
        common.SetString(new DicomTag(0x0008, 0x0060), DicomVR.CS, kind.Modality);
        common.SetString(new DicomTag(0x0008, 0x0080), DicomVR.LO, "Peake Bench Hospital");
        common.SetString(new DicomTag(0x0008, 0x0090), DicomVR.PN, $"{Surnames[_random.Next(Surnames.Length)]}^{GivenNames[_random.Next(GivenNames.Length)]}^^DR");
        common.SetString(new DicomTag(0x0008, 0x1030), DicomVR.LO, kind.Description);
        common.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, patientName);
        common.SetString(new DicomTag(0x0010, 0x0020), DicomVR.LO, patientId);
        common.SetString(new DicomTag(0x0010, 0x0030), DicomVR.DA, birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        common.SetString(new DicomTag(0x0010, 0x0040), DicomVR.CS, sex);
        common.SetString(new DicomTag(0x0018, 0x0015), DicomVR.CS, kind.BodyPart);
        common.SetString(new DicomTag(0x0020, 0x000D), DicomVR.UI, study);
        common.SetString(new DicomTag(0x0020, 0x0010), DicomVR.SH, $"{_study % 100000}");
        common.SetValues(new DicomTag(0x0028, 0x0002), DicomVR.US, (ushort)1);
        common.SetString(new DicomTag(0x0028, 0x0004), DicomVR.CS, "MONOCHROME2");
        common.SetValues(new DicomTag(0x0028, 0x0010), DicomVR.US, (ushort)16);
        common.SetValues(new DicomTag(0x0028, 0x0011), DicomVR.US, (ushort)16);
        common.SetValues(new DicomTag(0x0028, 0x0100), DicomVR.US, (ushort)16);
        common.SetValues(new DicomTag(0x0028, 0x0101), DicomVR.US, (ushort)12);
        common.SetValues(new DicomTag(0x0028, 0x0102), DicomVR.US, (ushort)11);
        common.SetValues(new DicomTag(0x0028, 0x0103), DicomVR.US, (ushort)0);
        for (var se = 1; se <= seriesCount && _instance < sizes[^1]; se++)
        {
            common.SetString(new DicomTag(0x0020, 0x000E), DicomVR.UI, $"{Root}.2.{++_series}");
            common.SetString(new DicomTag(0x0020, 0x0011), DicomVR.IS, $"{se}");
            common.SetString(new DicomTag(0x0008, 0x103E), DicomVR.LO, $"{kind.Modality} SERIES {se}");
            var instances = 1 + _random.Next(12);
            for (var i = 1; i <= instances && _instance < sizes[^1]; i++)
            {
                WriteInstance(part, common, i);
            }
        }
    }

    private void WriteInstance(int part, DicomDataset common, int number)
    {
        var n = ++_instance;
        var dir = Path.Combine(folder, $"s{Stage(n)}", $"p{part}");
        Directory.CreateDirectory(dir);
        common.SetString(SopInstanceUid, DicomVR.UI, $"{Root}.3.{n}");
        common.SetString(new DicomTag(0x0020, 0x0013), DicomVR.IS, $"{number}");
        _random.NextBytes(_pixels);
        // 12 bits stored: the top four bits of each little-endian value stay clear.
        for (var i = 1; i < _pixels.Length; i += 2)
        {
            _pixels[i] &= 0x0F;
        }
        common.Set(new DicomValueElement(new DicomTag(0x7FE0, 0x0010), DicomVR.OW, (byte[])_pixels.Clone()));
        DicomFileWriter.Write(Path.Combine(dir, $"{n:D7}.dcm"), common, DicomTransferSyntax.ExplicitVRLittleEndian);
    }
}
