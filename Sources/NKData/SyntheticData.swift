// Synthetic datasets used by the reports (gen_arti, noisy linear regression).

import NKCore
