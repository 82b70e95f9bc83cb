package dev.evalunit.langsmith.bench.suite;

import java.util.List;

/**
 * The classes of the per-test benchmark's suite: {@value #CLASSES} identical test classes of
 * {@link TinyTests}, as many as a run selects ({@link #classes}).
 *
 * <p>Stateless; thread-safe.
 */
public final class TinySuite {
    /** How many classes there are. */
    public static final int CLASSES = 400;

    private TinySuite() {
    }

    /** The first {@code count} classes of the suite (at most {@value #CLASSES}). */
    public static List<Class<?>> classes(int count) {
        return ALL.subList(0, Math.min(count, ALL.size()));
    }

    private static final List<Class<?>> ALL = List.of(
            C000.class,
            C001.class,
            C002.class,
            C003.class,
            C004.class,
            C005.class,
            C006.class,
            C007.class,
            C008.class,
            C009.class,
            C010.class,
            C011.class,
            C012.class,
            C013.class,
            C014.class,
            C015.class,
            C016.class,
            C017.class,
            C018.class,
            C019.class,
            C020.class,
            C021.class,
            C022.class,
            C023.class,
            C024.class,
            C025.class,
            C026.class,
            C027.class,
            C028.class,
            C029.class,
            C030.class,
            C031.class,
            C032.class,
            C033.class,
            C034.class,
            C035.class,
            C036.class,
            C037.class,
            C038.class,
            C039.class,
            C040.class,
            C041.class,
            C042.class,
            C043.class,
            C044.class,
            C045.class,
            C046.class,
            C047.class,
            C048.class,
            C049.class,
            C050.class,
            C051.class,
            C052.class,
            C053.class,
            C054.class,
            C055.class,
            C056.class,
            C057.class,
            C058.class,
            C059.class,
            C060.class,
            C061.class,
            C062.class,
            C063.class,
            C064.class,
            C065.class,
            C066.class,
            C067.class,
            C068.class,
            C069.class,
            C070.class,
            C071.class,
            C072.class,
            C073.class,
            C074.class,
            C075.class,
            C076.class,
            C077.class,
            C078.class,
            C079.class,
            C080.class,
            C081.class,
            C082.class,
            C083.class,
            C084.class,
            C085.class,
            C086.class,
            C087.class,
            C088.class,
            C089.class,
            C090.class,
            C091.class,
            C092.class,
            C093.class,
            C094.class,
            C095.class,
            C096.class,
            C097.class,
            C098.class,
            C099.class,
            C100.class,
            C101.class,
            C102.class,
            C103.class,
            C104.class,
            C105.class,
            C106.class,
            C107.class,
            C108.class,
            C109.class,
            C110.class,
            C111.class,
            C112.class,
            C113.class,
            C114.class,
            C115.class,
            C116.class,
            C117.class,
            C118.class,
            C119.class,
            C120.class,
            C121.class,
            C122.class,
            C123.class,
            C124.class,
            C125.class,
            C126.class,
            C127.class,
            C128.class,
            C129.class,
            C130.class,
            C131.class,
            C132.class,
            C133.class,
            C134.class,
            C135.class,
            C136.class,
            C137.class,
            C138.class,
            C139.class,
            C140.class,
            C141.class,
            C142.class,
            C143.class,
            C144.class,
            C145.class,
            C146.class,
            C147.class,
            C148.class,
            C149.class,
            C150.class,
            C151.class,
            C152.class,
            C153.class,
            C154.class,
            C155.class,
            C156.class,
            C157.class,
            C158.class,
            C159.class,
            C160.class,
            C161.class,
            C162.class,
            C163.class,
            C164.class,
            C165.class,
            C166.class,
            C167.class,
            C168.class,
            C169.class,
            C170.class,
            C171.class,
            C172.class,
            C173.class,
            C174.class,
            C175.class,
            C176.class,
            C177.class,
            C178.class,
            C179.class,
            C180.class,
            C181.class,
            C182.class,
            C183.class,
            C184.class,
            C185.class,
            C186.class,
            C187.class,
            C188.class,
            C189.class,
            C190.class,
            C191.class,
            C192.class,
            C193.class,
            C194.class,
            C195.class,
            C196.class,
            C197.class,
            C198.class,
            C199.class,
            C200.class,
            C201.class,
            C202.class,
            C203.class,
            C204.class,
            C205.class,
            C206.class,
            C207.class,
            C208.class,
            C209.class,
            C210.class,
            C211.class,
            C212.class,
            C213.class,
            C214.class,
            C215.class,
            C216.class,
            C217.class,
            C218.class,
            C219.class,
            C220.class,
            C221.class,
            C222.class,
            C223.class,
            C224.class,
            C225.class,
            C226.class,
            C227.class,
            C228.class,
            C229.class,
            C230.class,
            C231.class,
            C232.class,
            C233.class,
            C234.class,
            C235.class,
            C236.class,
            C237.class,
            C238.class,
            C239.class,
            C240.class,
            C241.class,
            C242.class,
            C243.class,
            C244.class,
            C245.class,
            C246.class,
            C247.class,
            C248.class,
            C249.class,
            C250.class,
            C251.class,
            C252.class,
            C253.class,
            C254.class,
            C255.class,
            C256.class,
            C257.class,
            C258.class,
            C259.class,
            C260.class,
            C261.class,
            C262.class,
            C263.class,
            C264.class,
            C265.class,
            C266.class,
            C267.class,
            C268.class,
            C269.class,
            C270.class,
            C271.class,
            C272.class,
            C273.class,
            C274.class,
            C275.class,
            C276.class,
            C277.class,
            C278.class,
            C279.class,
            C280.class,
            C281.class,
            C282.class,
            C283.class,
            C284.class,
            C285.class,
            C286.class,
            C287.class,
            C288.class,
            C289.class,
            C290.class,
            C291.class,
            C292.class,
            C293.class,
            C294.class,
            C295.class,
            C296.class,
            C297.class,
            C298.class,
            C299.class,
            C300.class,
            C301.class,
            C302.class,
            C303.class,
            C304.class,
            C305.class,
            C306.class,
            C307.class,
            C308.class,
            C309.class,
            C310.class,
            C311.class,
            C312.class,
            C313.class,
            C314.class,
            C315.class,
            C316.class,
            C317.class,
            C318.class,
            C319.class,
            C320.class,
            C321.class,
            C322.class,
            C323.class,
            C324.class,
            C325.class,
            C326.class,
            C327.class,
            C328.class,
            C329.class,
            C330.class,
            C331.class,
            C332.class,
            C333.class,
            C334.class,
            C335.class,
            C336.class,
            C337.class,
            C338.class,
            C339.class,
            C340.class,
            C341.class,
            C342.class,
            C343.class,
            C344.class,
            C345.class,
            C346.class,
            C347.class,
            C348.class,
            C349.class,
            C350.class,
            C351.class,
            C352.class,
            C353.class,
            C354.class,
            C355.class,
            C356.class,
            C357.class,
            C358.class,
            C359.class,
            C360.class,
            C361.class,
            C362.class,
            C363.class,
            C364.class,
            C365.class,
            C366.class,
            C367.class,
            C368.class,
            C369.class,
            C370.class,
            C371.class,
            C372.class,
            C373.class,
            C374.class,
            C375.class,
            C376.class,
            C377.class,
            C378.class,
            C379.class,
            C380.class,
            C381.class,
            C382.class,
            C383.class,
            C384.class,
            C385.class,
            C386.class,
            C387.class,
            C388.class,
            C389.class,
            C390.class,
            C391.class,
            C392.class,
            C393.class,
            C394.class,
            C395.class,
            C396.class,
            C397.class,
            C398.class,
            C399.class);

    static final class C000 extends TinyTests { }
    static final class C001 extends TinyTests { }
    static final class C002 extends TinyTests { }
    static final class C003 extends TinyTests { }
    static final class C004 extends TinyTests { }
    static final class C005 extends TinyTests { }
    static final class C006 extends TinyTests { }
    static final class C007 extends TinyTests { }
    static final class C008 extends TinyTests { }
    static final class C009 extends TinyTests { }
    static final class C010 extends TinyTests { }
    static final class C011 extends TinyTests { }
    static final class C012 extends TinyTests { }
    static final class C013 extends TinyTests { }
    static final class C014 extends TinyTests { }
    static final class C015 extends TinyTests { }
    static final class C016 extends TinyTests { }
    static final class C017 extends TinyTests { }
    static final class C018 extends TinyTests { }
    static final class C019 extends TinyTests { }
    static final class C020 extends TinyTests { }
    static final class C021 extends TinyTests { }
    static final class C022 extends TinyTests { }
    static final class C023 extends TinyTests { }
    static final class C024 extends TinyTests { }
    static final class C025 extends TinyTests { }
    static final class C026 extends TinyTests { }
    static final class C027 extends TinyTests { }
    static final class C028 extends TinyTests { }
    static final class C029 extends TinyTests { }
    static final class C030 extends TinyTests { }
    static final class C031 extends TinyTests { }
    static final class C032 extends TinyTests { }
    static final class C033 extends TinyTests { }
    static final class C034 extends TinyTests { }
    static final class C035 extends TinyTests { }
    static final class C036 extends TinyTests { }
    static final class C037 extends TinyTests { }
    static final class C038 extends TinyTests { }
    static final class C039 extends TinyTests { }
    static final class C040 extends TinyTests { }
    static final class C041 extends TinyTests { }
    static final class C042 extends TinyTests { }
    static final class C043 extends TinyTests { }
    static final class C044 extends TinyTests { }
    static final class C045 extends TinyTests { }
    static final class C046 extends TinyTests { }
    static final class C047 extends TinyTests { }
    static final class C048 extends TinyTests { }
    static final class C049 extends TinyTests { }
    static final class C050 extends TinyTests { }
    static final class C051 extends TinyTests { }
    static final class C052 extends TinyTests { }
    static final class C053 extends TinyTests { }
    static final class C054 extends TinyTests { }
    static final class C055 extends TinyTests { }
    static final class C056 extends TinyTests { }
    static final class C057 extends TinyTests { }
    static final class C058 extends TinyTests { }
    static final class C059 extends TinyTests { }
    static final class C060 extends TinyTests { }
    static final class C061 extends TinyTests { }
    static final class C062 extends TinyTests { }
    static final class C063 extends TinyTests { }
    static final class C064 extends TinyTests { }
    static final class C065 extends TinyTests { }
    static final class C066 extends TinyTests { }
    static final class C067 extends TinyTests { }
    static final class C068 extends TinyTests { }
    static final class C069 extends TinyTests { }
    static final class C070 extends TinyTests { }
    static final class C071 extends TinyTests { }
    static final class C072 extends TinyTests { }
    static final class C073 extends TinyTests { }
    static final class C074 extends TinyTests { }
    static final class C075 extends TinyTests { }
    static final class C076 extends TinyTests { }
    static final class C077 extends TinyTests { }
    static final class C078 extends TinyTests { }
    static final class C079 extends TinyTests { }
    static final class C080 extends TinyTests { }
    static final class C081 extends TinyTests { }
    static final class C082 extends TinyTests { }
    static final class C083 extends TinyTests { }
    static final class C084 extends TinyTests { }
    static final class C085 extends TinyTests { }
    static final class C086 extends TinyTests { }
    static final class C087 extends TinyTests { }
    static final class C088 extends TinyTests { }
    static final class C089 extends TinyTests { }
    static final class C090 extends TinyTests { }
    static final class C091 extends TinyTests { }
    static final class C092 extends TinyTests { }
    static final class C093 extends TinyTests { }
    static final class C094 extends TinyTests { }
    static final class C095 extends TinyTests { }
    static final class C096 extends TinyTests { }
    static final class C097 extends TinyTests { }
    static final class C098 extends TinyTests { }
    static final class C099 extends TinyTests { }
    static final class C100 extends TinyTests { }
    static final class C101 extends TinyTests { }
    static final class C102 extends TinyTests { }
    static final class C103 extends TinyTests { }
    static final class C104 extends TinyTests { }
    static final class C105 extends TinyTests { }
    static final class C106 extends TinyTests { }
    static final class C107 extends TinyTests { }
    static final class C108 extends TinyTests { }
    static final class C109 extends TinyTests { }
    static final class C110 extends TinyTests { }
    static final class C111 extends TinyTests { }
    static final class C112 extends TinyTests { }
    static final class C113 extends TinyTests { }
    static final class C114 extends TinyTests { }
    static final class C115 extends TinyTests { }
    static final class C116 extends TinyTests { }
    static final class C117 extends TinyTests { }
    static final class C118 extends TinyTests { }
    static final class C119 extends TinyTests { }
    static final class C120 extends TinyTests { }
    static final class C121 extends TinyTests { }
    static final class C122 extends TinyTests { }
    static final class C123 extends TinyTests { }
    static final class C124 extends TinyTests { }
    static final class C125 extends TinyTests { }
    static final class C126 extends TinyTests { }
    static final class C127 extends TinyTests { }
    static final class C128 extends TinyTests { }
    static final class C129 extends TinyTests { }
    static final class C130 extends TinyTests { }
    static final class C131 extends TinyTests { }
    static final class C132 extends TinyTests { }
    static final class C133 extends TinyTests { }
    static final class C134 extends TinyTests { }
    static final class C135 extends TinyTests { }
    static final class C136 extends TinyTests { }
    static final class C137 extends TinyTests { }
    static final class C138 extends TinyTests { }
    static final class C139 extends TinyTests { }
    static final class C140 extends TinyTests { }
    static final class C141 extends TinyTests { }
    static final class C142 extends TinyTests { }
    static final class C143 extends TinyTests { }
    static final class C144 extends TinyTests { }
    static final class C145 extends TinyTests { }
    static final class C146 extends TinyTests { }
    static final class C147 extends TinyTests { }
    static final class C148 extends TinyTests { }
    static final class C149 extends TinyTests { }
    static final class C150 extends TinyTests { }
    static final class C151 extends TinyTests { }
    static final class C152 extends TinyTests { }
    static final class C153 extends TinyTests { }
    static final class C154 extends TinyTests { }
    static final class C155 extends TinyTests { }
    static final class C156 extends TinyTests { }
    static final class C157 extends TinyTests { }
    static final class C158 extends TinyTests { }
    static final class C159 extends TinyTests { }
    static final class C160 extends TinyTests { }
    static final class C161 extends TinyTests { }
    static final class C162 extends TinyTests { }
    static final class C163 extends TinyTests { }
    static final class C164 extends TinyTests { }
    static final class C165 extends TinyTests { }
    static final class C166 extends TinyTests { }
    static final class C167 extends TinyTests { }
    static final class C168 extends TinyTests { }
    static final class C169 extends TinyTests { }
    static final class C170 extends TinyTests { }
    static final class C171 extends TinyTests { }
    static final class C172 extends TinyTests { }
    static final class C173 extends TinyTests { }
    static final class C174 extends TinyTests { }
    static final class C175 extends TinyTests { }
    static final class C176 extends TinyTests { }
    static final class C177 extends TinyTests { }
    static final class C178 extends TinyTests { }
    static final class C179 extends TinyTests { }
    static final class C180 extends TinyTests { }
    static final class C181 extends TinyTests { }
    static final class C182 extends TinyTests { }
    static final class C183 extends TinyTests { }
    static final class C184 extends TinyTests { }
    static final class C185 extends TinyTests { }
    static final class C186 extends TinyTests { }
    static final class C187 extends TinyTests { }
    static final class C188 extends TinyTests { }
    static final class C189 extends TinyTests { }
    static final class C190 extends TinyTests { }
    static final class C191 extends TinyTests { }
    static final class C192 extends TinyTests { }
    static final class C193 extends TinyTests { }
    static final class C194 extends TinyTests { }
    static final class C195 extends TinyTests { }
    static final class C196 extends TinyTests { }
    static final class C197 extends TinyTests { }
    static final class C198 extends TinyTests { }
    static final class C199 extends TinyTests { }
    static final class C200 extends TinyTests { }
    static final class C201 extends TinyTests { }
    static final class C202 extends TinyTests { }
    static final class C203 extends TinyTests { }
    static final class C204 extends TinyTests { }
    static final class C205 extends TinyTests { }
    static final class C206 extends TinyTests { }
    static final class C207 extends TinyTests { }
    static final class C208 extends TinyTests { }
    static final class C209 extends TinyTests { }
    static final class C210 extends TinyTests { }
    static final class C211 extends TinyTests { }
    static final class C212 extends TinyTests { }
    static final class C213 extends TinyTests { }
    static final class C214 extends TinyTests { }
    static final class C215 extends TinyTests { }
    static final class C216 extends TinyTests { }
    static final class C217 extends TinyTests { }
    static final class C218 extends TinyTests { }
    static final class C219 extends TinyTests { }
    static final class C220 extends TinyTests { }
    static final class C221 extends TinyTests { }
    static final class C222 extends TinyTests { }
    static final class C223 extends TinyTests { }
    static final class C224 extends TinyTests { }
    static final class C225 extends TinyTests { }
    static final class C226 extends TinyTests { }
    static final class C227 extends TinyTests { }
    static final class C228 extends TinyTests { }
    static final class C229 extends TinyTests { }
    static final class C230 extends TinyTests { }
    static final class C231 extends TinyTests { }
    static final class C232 extends TinyTests { }
    static final class C233 extends TinyTests { }
    static final class C234 extends TinyTests { }
    static final class C235 extends TinyTests { }
    static final class C236 extends TinyTests { }
    static final class C237 extends TinyTests { }
    static final class C238 extends TinyTests { }
    static final class C239 extends TinyTests { }
    static final class C240 extends TinyTests { }
    static final class C241 extends TinyTests { }
    static final class C242 extends TinyTests { }
    static final class C243 extends TinyTests { }
    static final class C244 extends TinyTests { }
    static final class C245 extends TinyTests { }
    static final class C246 extends TinyTests { }
    static final class C247 extends TinyTests { }
    static final class C248 extends TinyTests { }
    static final class C249 extends TinyTests { }
    static final class C250 extends TinyTests { }
    static final class C251 extends TinyTests { }
    static final class C252 extends TinyTests { }
    static final class C253 extends TinyTests { }
    static final class C254 extends TinyTests { }
    static final class C255 extends TinyTests { }
    static final class C256 extends TinyTests { }
    static final class C257 extends TinyTests { }
    static final class C258 extends TinyTests { }
    static final class C259 extends TinyTests { }
    static final class C260 extends TinyTests { }
    static final class C261 extends TinyTests { }
    static final class C262 extends TinyTests { }
    static final class C263 extends TinyTests { }
    static final class C264 extends TinyTests { }
    static final class C265 extends TinyTests { }
    static final class C266 extends TinyTests { }
    static final class C267 extends TinyTests { }
    static final class C268 extends TinyTests { }
    static final class C269 extends TinyTests { }
    static final class C270 extends TinyTests { }
    static final class C271 extends TinyTests { }
    static final class C272 extends TinyTests { }
    static final class C273 extends TinyTests { }
    static final class C274 extends TinyTests { }
    static final class C275 extends TinyTests { }
    static final class C276 extends TinyTests { }
    static final class C277 extends TinyTests { }
    static final class C278 extends TinyTests { }
    static final class C279 extends TinyTests { }
    static final class C280 extends TinyTests { }
    static final class C281 extends TinyTests { }
    static final class C282 extends TinyTests { }
    static final class C283 extends TinyTests { }
    static final class C284 extends TinyTests { }
    static final class C285 extends TinyTests { }
    static final class C286 extends TinyTests { }
    static final class C287 extends TinyTests { }
    static final class C288 extends TinyTests { }
    static final class C289 extends TinyTests { }
    static final class C290 extends TinyTests { }
    static final class C291 extends TinyTests { }
    static final class C292 extends TinyTests { }
    static final class C293 extends TinyTests { }
    static final class C294 extends TinyTests { }
    static final class C295 extends TinyTests { }
    static final class C296 extends TinyTests { }
    static final class C297 extends TinyTests { }
    static final class C298 extends TinyTests { }
    static final class C299 extends TinyTests { }
    static final class C300 extends TinyTests { }
    static final class C301 extends TinyTests { }
    static final class C302 extends TinyTests { }
    static final class C303 extends TinyTests { }
    static final class C304 extends TinyTests { }
    static final class C305 extends TinyTests { }
    static final class C306 extends TinyTests { }
    static final class C307 extends TinyTests { }
    static final class C308 extends TinyTests { }
    static final class C309 extends TinyTests { }
    static final class C310 extends TinyTests { }
    static final class C311 extends TinyTests { }
    static final class C312 extends TinyTests { }
    static final class C313 extends TinyTests { }
    static final class C314 extends TinyTests { }
    static final class C315 extends TinyTests { }
    static final class C316 extends TinyTests { }
    static final class C317 extends TinyTests { }
    static final class C318 extends TinyTests { }
    static final class C319 extends TinyTests { }
    static final class C320 extends TinyTests { }
    static final class C321 extends TinyTests { }
    static final class C322 extends TinyTests { }
    static final class C323 extends TinyTests { }
    static final class C324 extends TinyTests { }
    static final class C325 extends TinyTests { }
    static final class C326 extends TinyTests { }
    static final class C327 extends TinyTests { }
    static final class C328 extends TinyTests { }
    static final class C329 extends TinyTests { }
    static final class C330 extends TinyTests { }
    static final class C331 extends TinyTests { }
    static final class C332 extends TinyTests { }
    static final class C333 extends TinyTests { }
    static final class C334 extends TinyTests { }
    static final class C335 extends TinyTests { }
    static final class C336 extends TinyTests { }
    static final class C337 extends TinyTests { }
    static final class C338 extends TinyTests { }
    static final class C339 extends TinyTests { }
    static final class C340 extends TinyTests { }
    static final class C341 extends TinyTests { }
    static final class C342 extends TinyTests { }
    static final class C343 extends TinyTests { }
    static final class C344 extends TinyTests { }
    static final class C345 extends TinyTests { }
    static final class C346 extends TinyTests { }
    static final class C347 extends TinyTests { }
    static final class C348 extends TinyTests { }
    static final class C349 extends TinyTests { }
    static final class C350 extends TinyTests { }
    static final class C351 extends TinyTests { }
    static final class C352 extends TinyTests { }
    static final class C353 extends TinyTests { }
    static final class C354 extends TinyTests { }
    static final class C355 extends TinyTests { }
    static final class C356 extends TinyTests { }
    static final class C357 extends TinyTests { }
    static final class C358 extends TinyTests { }
    static final class C359 extends TinyTests { }
    static final class C360 extends TinyTests { }
    static final class C361 extends TinyTests { }
    static final class C362 extends TinyTests { }
    static final class C363 extends TinyTests { }
    static final class C364 extends TinyTests { }
    static final class C365 extends TinyTests { }
    static final class C366 extends TinyTests { }
    static final class C367 extends TinyTests { }
    static final class C368 extends TinyTests { }
    static final class C369 extends TinyTests { }
    static final class C370 extends TinyTests { }
    static final class C371 extends TinyTests { }
    static final class C372 extends TinyTests { }
    static final class C373 extends TinyTests { }
    static final class C374 extends TinyTests { }
    static final class C375 extends TinyTests { }
    static final class C376 extends TinyTests { }
    static final class C377 extends TinyTests { }
    static final class C378 extends TinyTests { }
    static final class C379 extends TinyTests { }
    static final class C380 extends TinyTests { }
    static final class C381 extends TinyTests { }
    static final class C382 extends TinyTests { }
    static final class C383 extends TinyTests { }
    static final class C384 extends TinyTests { }
    static final class C385 extends TinyTests { }
    static final class C386 extends TinyTests { }
    static final class C387 extends TinyTests { }
    static final class C388 extends TinyTests { }
    static final class C389 extends TinyTests { }
    static final class C390 extends TinyTests { }
    static final class C391 extends TinyTests { }
    static final class C392 extends TinyTests { }
    static final class C393 extends TinyTests { }
    static final class C394 extends TinyTests { }
    static final class C395 extends TinyTests { }
    static final class C396 extends TinyTests { }
    static final class C397 extends TinyTests { }
    static final class C398 extends TinyTests { }
    static final class C399 extends TinyTests { }
}
