seed, auto	poppler	0.991	0.905	0.998	36
seed, auto	pdfjs	0.993	0.990	1.000	0
seed, auto	mupdf	0.992	0.971	1.000	0
seed, auto	mutool	0.187	0.018	0.106	103
seed, auto	pdfminer	0.184	0.030	0.106	103
seed, auto	gs	0.179	0.007	0.106	103
seed, spaces	poppler	0.991	0.905	0.998	36
seed, spaces	pdfjs	0.993	0.990	1.000	0
seed, spaces	mupdf	0.992	0.971	1.000	0
seed, spaces	mutool	0.187	0.018	0.106	103
seed, spaces	pdfminer	0.184	0.030	0.106	103
seed, spaces	gs	0.179	0.007	0.106	103
seed, kashida	poppler	0.991	0.906	0.998	36
seed, kashida	pdfjs	0.989	0.986	1.000	0
seed, kashida	mupdf	0.992	0.971	1.000	0
seed, kashida	mutool	0.191	0.018	0.106	103
seed, kashida	pdfminer	0.185	0.030	0.106	103
seed, kashida	gs	0.180	0.007	0.106	103
harakat, auto	poppler	0.998	0.953	0.991	4
harakat, auto	pdfjs	0.927	0.201	1.000	0
harakat, auto	mupdf	0.995	0.981	1.000	0
harakat, auto	mutool	0.107	0.000	0.000	22
harakat, auto	pdfminer	0.110	0.000	0.000	22
harakat, auto	gs	0.107	0.000	0.000	22
harakat, kashida	poppler	0.998	0.962	0.991	3
harakat, kashida	pdfjs	0.794	0.194	1.000	0
harakat, kashida	mupdf	0.995	0.981	1.000	0
harakat, kashida	mutool	0.090	0.000	0.000	22
harakat, kashida	pdfminer	0.112	0.000	0.000	22
harakat, kashida	gs	0.090	0.000	0.000	22
Latin, digits, URLs in Arabic	poppler	0.972	0.792	0.985	15
Latin, digits, URLs in Arabic	pdfjs	0.960	0.929	1.000	0
Latin, digits, URLs in Arabic	mupdf	0.973	0.886	0.962	0
Latin, digits, URLs in Arabic	mutool	0.508	0.257	0.435	60
Latin, digits, URLs in Arabic	pdfminer	0.446	0.239	0.435	60
Latin, digits, URLs in Arabic	gs	0.465	0.221	0.435	60
mix (Quran, digits, brackets)	poppler	0.982	0.814	1.000	10
mix (Quran, digits, brackets)	pdfjs	0.985	0.766	1.000	0
mix (Quran, digits, brackets)	mupdf	0.957	0.902	0.969	0
mix (Quran, digits, brackets)	mutool	0.398	0.075	0.297	45
mix (Quran, digits, brackets)	pdfminer	0.314	0.071	0.297	45
mix (Quran, digits, brackets)	gs	0.326	0.029	0.281	45
Latin ligatures (LTR)	poppler	1.000	1.000	1.000	0
Latin ligatures (LTR)	pdfjs	1.000	1.000	1.000	0
Latin ligatures (LTR)	mupdf	1.000	1.000	1.000	0
Latin ligatures (LTR)	mutool	1.000	1.000	1.000	0
Latin ligatures (LTR)	pdfminer	1.000	1.000	1.000	0
Latin ligatures (LTR)	gs	1.000	1.000	1.000	0
briefing.pdf vs its Markdown	poppler	0.894	0.813	0.995	40
briefing.pdf vs its Markdown	pdfjs	0.996	0.995	1.000	0
briefing.pdf vs its Markdown	mupdf	1.000	0.995	0.999	0
briefing.pdf vs its Markdown	mutool	0.202	0.022	0.118	142
briefing.pdf vs its Markdown	pdfminer	0.158	0.009	0.114	142
briefing.pdf vs its Markdown	gs	0.111	0.023	0.115	142
fonts in Arabic lines	poppler	0.983	0.848	0.980	11
fonts in Arabic lines	pdfjs	1.000	1.000	1.000	0
fonts in Arabic lines	mupdf	0.979	0.880	0.960	0
fonts in Arabic lines	mutool	0.281	0.030	0.110	72
fonts in Arabic lines	pdfminer	0.249	0.047	0.100	72
fonts in Arabic lines	gs	0.250	0.018	0.090	72
