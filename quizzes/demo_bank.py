"""Demo question bank: real questions on administrative reform.

Sources: shared/domain.md and the seed plan (shared/seed/000_de57971ce5886d28.txt).
"""

TOPICS = [
    "Chương trình tổng thể CCHC",
    "Cơ chế một cửa, một cửa liên thông",
    "Chỉ số đánh giá CCHC",
    "Văn hóa công vụ và dịch vụ công trực tuyến",
    "Công tác tuyên truyền CCHC",
]

QUESTIONS = [
    {
        "topic": "Chương trình tổng thể CCHC",
        "text": (
            "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2011–2020 được ban hành "
            "kèm theo văn bản nào?"
        ),
        "choices": [
            ("Nghị quyết số 30c/NQ-CP ngày 08/11/2011 của Chính phủ", True),
            ("Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ", False),
            ("Quyết định số 136/2001/QĐ-TTg ngày 17/9/2001 của Thủ tướng Chính phủ", False),
            ("Quyết định số 225/QĐ-TTg ngày 04/02/2016 của Thủ tướng Chính phủ", False),
        ],
        "explanation": (
            "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2011–2020 được ban hành "
            "kèm theo Nghị quyết số 30c/NQ-CP ngày 08/11/2011 của Chính phủ."
        ),
        "difficulty": "easy",
    },
    {
        "topic": "Chương trình tổng thể CCHC",
        "text": (
            "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030 được Chính phủ "
            "ban hành tại Nghị quyết nào?"
        ),
        "choices": [
            ("Nghị quyết số 76/NQ-CP", True),
            ("Nghị quyết số 30c/NQ-CP", False),
            ("Nghị quyết số 67/NQ-CP", False),
            ("Nghị quyết số 76c/NQ-CP", False),
        ],
        "explanation": (
            "Theo Nghị quyết số 76/NQ-CP ngày 15/7/2021, Chính phủ ban hành Chương trình tổng thể "
            "cải cách hành chính nhà nước giai đoạn 2021–2030."
        ),
        "difficulty": "easy",
    },
    {
        "topic": "Chương trình tổng thể CCHC",
        "text": (
            "Nghị quyết số 76/NQ-CP ban hành Chương trình tổng thể cải cách hành chính nhà nước "
            "giai đoạn 2021–2030 được Chính phủ ban hành ngày nào?"
        ),
        "choices": [
            ("15/7/2021", True),
            ("15/7/2020", False),
            ("08/11/2021", False),
            ("17/9/2021", False),
        ],
        "explanation": (
            "Nghị quyết số 76/NQ-CP về Chương trình tổng thể cải cách hành chính nhà nước giai "
            "đoạn 2021–2030 được Chính phủ ban hành ngày 15/7/2021."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Chương trình tổng thể CCHC",
        "text": (
            "Nghị quyết số 30c/NQ-CP ban hành Chương trình tổng thể cải cách hành chính nhà nước "
            "giai đoạn 2011–2020 được Chính phủ ban hành ngày nào?"
        ),
        "choices": [
            ("08/11/2011", True),
            ("08/11/2010", False),
            ("15/7/2011", False),
            ("30/11/2011", False),
        ],
        "explanation": (
            "Nghị quyết số 30c/NQ-CP được Chính phủ ban hành ngày 08/11/2011 (Kế hoạch tuyên "
            "truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng cũng dẫn chiếu văn bản này)."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Chương trình tổng thể CCHC",
        "text": (
            "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2001–2010 được phê duyệt "
            "tại văn bản nào?"
        ),
        "choices": [
            ("Quyết định số 136/2001/QĐ-TTg ngày 17/9/2001 của Thủ tướng Chính phủ", True),
            ("Quyết định số 93/2007/QĐ-TTg ngày 22/6/2007 của Thủ tướng Chính phủ", False),
            ("Quyết định số 225/QĐ-TTg ngày 04/02/2016 của Thủ tướng Chính phủ", False),
            ("Nghị quyết số 30c/NQ-CP ngày 08/11/2011 của Chính phủ", False),
        ],
        "explanation": (
            "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2001–2010 được phê duyệt "
            "tại Quyết định số 136/2001/QĐ-TTg ngày 17/9/2001 của Thủ tướng Chính phủ."
        ),
        "difficulty": "hard",
    },
    {
        "topic": "Chương trình tổng thể CCHC",
        "text": (
            "Những nội dung nào sau đây là nội dung cải cách của Chương trình tổng thể cải cách "
            "hành chính nhà nước giai đoạn 2001–2010 (Quyết định số 136/2001/QĐ-TTg)? (chọn tất cả "
            "đáp án đúng)"
        ),
        "choices": [
            ("Cải cách thể chế", True),
            ("Cải cách tổ chức bộ máy hành chính", True),
            ("Đổi mới, nâng cao chất lượng đội ngũ cán bộ, công chức", True),
            ("Cải cách tài chính công", True),
            ("Xây dựng và phát triển Chính phủ số", False),
        ],
        "explanation": (
            "Quyết định số 136/2001/QĐ-TTg ngày 17/9/2001 xác định bốn nội dung: cải cách thể chế, "
            "cải cách tổ chức bộ máy hành chính, đổi mới và nâng cao chất lượng đội ngũ cán bộ, "
            "công chức, cải cách tài chính công; Chính phủ số là nội dung của giai đoạn 2021–2030."
        ),
        "difficulty": "hard",
    },
    {
        "topic": "Chương trình tổng thể CCHC",
        "text": (
            "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030 (Nghị quyết số "
            "76/NQ-CP) gồm bao nhiêu nội dung cải cách?"
        ),
        "choices": [
            ("6 nội dung", True),
            ("4 nội dung", False),
            ("5 nội dung", False),
            ("7 nội dung", False),
        ],
        "explanation": (
            "Nghị quyết số 76/NQ-CP ngày 15/7/2021 xác định 6 nội dung: cải cách thể chế, cải cách "
            "thủ tục hành chính, cải cách tổ chức bộ máy hành chính nhà nước, cải cách chế độ công "
            "vụ, cải cách tài chính công, xây dựng và phát triển Chính phủ điện tử, Chính phủ số."
        ),
        "difficulty": "easy",
    },
    {
        "topic": "Chương trình tổng thể CCHC",
        "text": (
            "Những nội dung nào sau đây thuộc Chương trình tổng thể cải cách hành chính nhà nước "
            "giai đoạn 2021–2030 theo Nghị quyết số 76/NQ-CP? (chọn tất cả đáp án đúng)"
        ),
        "choices": [
            ("Cải cách chế độ công vụ", True),
            ("Cải cách tài chính công", True),
            ("Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", True),
            ("Cải cách tư pháp", False),
            ("Cổ phần hóa doanh nghiệp nhà nước", False),
        ],
        "explanation": (
            "Sáu nội dung của Chương trình theo Nghị quyết số 76/NQ-CP là cải cách thể chế, cải "
            "cách thủ tục hành chính, cải cách tổ chức bộ máy hành chính nhà nước, cải cách chế độ "
            "công vụ, cải cách tài chính công, xây dựng và phát triển Chính phủ điện tử, Chính phủ "
            "số."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Chương trình tổng thể CCHC",
        "text": (
            'Nội dung "xây dựng và phát triển Chính phủ điện tử, Chính phủ số" là một trong các '
            "nội dung của Chương trình tổng thể cải cách hành chính nhà nước giai đoạn nào?"
        ),
        "choices": [
            ("Giai đoạn 2021–2030", True),
            ("Giai đoạn 2001–2010", False),
            ("Giai đoạn 2011–2020", False),
            ("Giai đoạn 2016–2020", False),
        ],
        "explanation": (
            "Theo Nghị quyết số 76/NQ-CP ngày 15/7/2021, xây dựng và phát triển Chính phủ điện tử, "
            "Chính phủ số là một trong sáu nội dung của Chương trình tổng thể giai đoạn 2021–2030."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Chương trình tổng thể CCHC",
        "text": (
            "Kế hoạch cải cách hành chính nhà nước giai đoạn 2016–2020 được Thủ tướng Chính phủ "
            "ban hành tại Quyết định nào?"
        ),
        "choices": [
            ("Quyết định số 225/QĐ-TTg ngày 04/02/2016", True),
            ("Quyết định số 1847/QĐ-TTg ngày 27/12/2018", False),
            ("Quyết định số 252/QĐ-TTg ngày 04/02/2016", False),
            ("Quyết định số 225/QĐ-TTg ngày 04/02/2015", False),
        ],
        "explanation": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng, Kế hoạch "
            "cải cách hành chính nhà nước giai đoạn 2016–2020 được ban hành tại Quyết định số "
            "225/QĐ-TTg ngày 04/02/2016 của Thủ tướng Chính phủ."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Chương trình tổng thể CCHC",
        "text": (
            "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2011–2020 đặt mục tiêu "
            "sự hài lòng của cá nhân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước "
            "đến năm 2020 đạt mức nào?"
        ),
        "choices": [
            ("Trên 80%", True),
            ("Trên 60%", False),
            ("Trên 70%", False),
            ("Trên 90%", False),
        ],
        "explanation": (
            "Nghị quyết số 30c/NQ-CP ngày 08/11/2011 đặt mục tiêu đến năm 2020 sự hài lòng của cá "
            "nhân, tổ chức đối với sự phục vụ của cơ quan hành chính đạt mức trên 80%."
        ),
        "difficulty": "hard",
    },
    {
        "topic": "Chương trình tổng thể CCHC",
        "text": (
            "Cơ quan nào ban hành Nghị quyết số 76/NQ-CP về Chương trình tổng thể cải cách hành "
            "chính nhà nước giai đoạn 2021–2030?"
        ),
        "choices": [
            ("Chính phủ", True),
            ("Quốc hội", False),
            ("Bộ Nội vụ", False),
            ("Ủy ban Thường vụ Quốc hội", False),
        ],
        "explanation": (
            "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030 được Chính phủ "
            "ban hành tại Nghị quyết số 76/NQ-CP ngày 15/7/2021."
        ),
        "difficulty": "easy",
    },
    {
        "topic": "Cơ chế một cửa, một cửa liên thông",
        "text": (
            "Nghị định nào của Chính phủ năm 2018 quy định về thực hiện cơ chế một cửa, một cửa "
            "liên thông trong giải quyết thủ tục hành chính?"
        ),
        "choices": [
            ("Nghị định số 61/2018/NĐ-CP", True),
            ("Nghị định số 61/2008/NĐ-CP", False),
            ("Nghị định số 16/2018/NĐ-CP", False),
            ("Nghị định số 43/2011/NĐ-CP", False),
        ],
        "explanation": (
            "Cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính được quy định "
            "tại Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ."
        ),
        "difficulty": "easy",
    },
    {
        "topic": "Cơ chế một cửa, một cửa liên thông",
        "text": (
            "Nghị định số 61/2018/NĐ-CP về thực hiện cơ chế một cửa, một cửa liên thông trong giải "
            "quyết thủ tục hành chính được ban hành ngày nào?"
        ),
        "choices": [
            ("23/4/2018", True),
            ("21/6/2018", False),
            ("23/4/2017", False),
            ("04/02/2018", False),
        ],
        "explanation": (
            "Nghị định số 61/2018/NĐ-CP được Chính phủ ban hành ngày 23/4/2018 và có hiệu lực từ "
            "ngày 21/6/2018."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Cơ chế một cửa, một cửa liên thông",
        "text": (
            "Nghị định số 61/2018/NĐ-CP về thực hiện cơ chế một cửa, một cửa liên thông trong giải "
            "quyết thủ tục hành chính có hiệu lực thi hành từ ngày nào?"
        ),
        "choices": [
            ("21/6/2018", True),
            ("23/4/2018", False),
            ("01/7/2018", False),
            ("01/01/2019", False),
        ],
        "explanation": (
            "Nghị định số 61/2018/NĐ-CP ban hành ngày 23/4/2018, có hiệu lực thi hành từ ngày "
            "21/6/2018."
        ),
        "difficulty": "hard",
    },
    {
        "topic": "Cơ chế một cửa, một cửa liên thông",
        "text": (
            "Nghị định số 61/2018/NĐ-CP thay thế văn bản nào quy định về cơ chế một cửa, một cửa "
            "liên thông tại cơ quan hành chính nhà nước ở địa phương?"
        ),
        "choices": [
            ("Quyết định số 09/2015/QĐ-TTg", True),
            ("Quyết định số 136/2001/QĐ-TTg", False),
            ("Quyết định số 225/QĐ-TTg", False),
            ("Quyết định số 1847/QĐ-TTg", False),
        ],
        "explanation": (
            "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 thay thế Quyết định số 09/2015/QĐ-TTg của "
            "Thủ tướng Chính phủ về cơ chế một cửa, một cửa liên thông tại cơ quan hành chính nhà "
            "nước ở địa phương."
        ),
        "difficulty": "hard",
    },
    {
        "topic": "Cơ chế một cửa, một cửa liên thông",
        "text": (
            "Quyết định số 93/2007/QĐ-TTg ngày 22/6/2007 của Thủ tướng Chính phủ ban hành quy chế "
            "về nội dung nào?"
        ),
        "choices": [
            (
                "Thực hiện cơ chế một cửa, cơ chế một cửa liên thông tại cơ quan hành chính nhà "
                "nước ở địa phương",
                True,
            ),
            ("Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2001–2010", False),
            ("Đề án Văn hóa công vụ", False),
            ("Kế hoạch cải cách hành chính nhà nước giai đoạn 2016–2020", False),
        ],
        "explanation": (
            "Quyết định số 93/2007/QĐ-TTg ngày 22/6/2007 ban hành Quy chế thực hiện cơ chế một "
            "cửa, cơ chế một cửa liên thông tại cơ quan hành chính nhà nước ở địa phương."
        ),
        "difficulty": "hard",
    },
    {
        "topic": "Cơ chế một cửa, một cửa liên thông",
        "text": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng, nơi tiếp "
            "nhận và giải quyết hồ sơ thủ tục hành chính ở cấp tỉnh có tên gọi là gì?"
        ),
        "choices": [
            ("Trung tâm Phục vụ hành chính công tỉnh", True),
            ("Bộ phận một cửa cấp xã", False),
            ("Phòng Tiếp công dân của Sở Tài chính", False),
            ("Trạm truyền thanh cơ sở", False),
        ],
        "explanation": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng, hồ "
            "sơ thủ tục hành chính được tiếp nhận, giải quyết tại Trung tâm Phục vụ hành chính "
            "công tỉnh, Bộ phận một cửa cấp huyện, cấp xã."
        ),
        "difficulty": "easy",
    },
    {
        "topic": "Cơ chế một cửa, một cửa liên thông",
        "text": (
            "Theo Nghị định số 61/2018/NĐ-CP, Bộ phận Tiếp nhận và Trả kết quả giải quyết thủ tục "
            "hành chính ở cấp tỉnh được tổ chức với tên gọi nào?"
        ),
        "choices": [
            ("Trung tâm Phục vụ hành chính công", True),
            ("Trung tâm Hành chính công quốc gia", False),
            ("Văn phòng Tiếp dân cấp tỉnh", False),
            ("Ban Một cửa liên thông", False),
        ],
        "explanation": (
            "Nghị định số 61/2018/NĐ-CP quy định Bộ phận Tiếp nhận và Trả kết quả ở cấp tỉnh được "
            "tổ chức thành Trung tâm Phục vụ hành chính công."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Cơ chế một cửa, một cửa liên thông",
        "text": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng, thủ tục "
            "hành chính được niêm yết công khai tại những nơi nào? (chọn tất cả đáp án đúng)"
        ),
        "choices": [
            ("Trung tâm Phục vụ hành chính công tỉnh", True),
            ("Bộ phận một cửa cấp huyện", True),
            ("Bộ phận một cửa cấp xã", True),
            ("Trường Chính trị tỉnh", False),
            ("Ban Quản lý các khu công nghiệp", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng yêu cầu "
            "niêm yết công khai các thủ tục hành chính tại Trung tâm Phục vụ hành chính công tỉnh, "
            "Bộ phận một cửa cấp huyện, cấp xã."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Cơ chế một cửa, một cửa liên thông",
        "text": (
            "Theo Nghị định số 61/2018/NĐ-CP, điểm đặc trưng của cơ chế một cửa liên thông so với "
            "cơ chế một cửa là gì?"
        ),
        "choices": [
            (
                "Có sự phối hợp giữa nhiều cơ quan có thẩm quyền trong giải quyết một thủ tục "
                "hành chính hoặc một nhóm thủ tục hành chính có liên quan với nhau",
                True,
            ),
            ("Chỉ áp dụng đối với thủ tục hành chính thuộc thẩm quyền cấp xã", False),
            ("Người dân phải tự đến từng cơ quan có thẩm quyền để nộp hồ sơ", False),
            ("Chỉ áp dụng đối với hồ sơ của doanh nghiệp", False),
        ],
        "explanation": (
            "Theo Nghị định số 61/2018/NĐ-CP, cơ chế một cửa liên thông là phương thức phối hợp "
            "giữa các cơ quan có thẩm quyền trong tiếp nhận hồ sơ, giải quyết và trả kết quả một "
            "thủ tục hành chính hoặc một nhóm thủ tục hành chính có liên quan với nhau."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Cơ chế một cửa, một cửa liên thông",
        "text": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng, cơ quan "
            "nào kiểm tra, hướng dẫn việc niêm yết thủ tục hành chính, địa chỉ phản ánh kiến nghị "
            "tại Trung tâm Phục vụ hành chính công tỉnh và Bộ phận một cửa?"
        ),
        "choices": [
            ("Văn phòng UBND tỉnh", True),
            ("Sở Tài chính", False),
            ("Trường Chính trị tỉnh", False),
            ("Đài Phát thanh và Truyền hình tỉnh", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng giao Văn "
            "phòng UBND tỉnh kiểm tra, hướng dẫn việc niêm yết thủ tục hành chính, địa chỉ phản "
            "ánh kiến nghị tại Trung tâm Phục vụ hành chính công tỉnh và Bộ phận một cửa."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Cơ chế một cửa, một cửa liên thông",
        "text": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng, kênh phản "
            "hồi ý kiến, kiến nghị của cá nhân, tổ chức về quy định hành chính được thiết lập ở "
            "đâu?"
        ),
        "choices": [
            ("Trên Cổng thông tin điện tử của đơn vị và tại Bộ phận một cửa", True),
            ("Chỉ qua thư gửi trực tiếp Bộ Nội vụ", False),
            ("Chỉ tại các buổi tiếp xúc cử tri của đại biểu Quốc hội", False),
            ("Chỉ trên trang quảng cáo của Báo Sóc Trăng", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng yêu cầu "
            "thiết lập kênh phản hồi ý kiến, kiến nghị của cá nhân, tổ chức về quy định hành chính "
            "trên Cổng thông tin điện tử của đơn vị và tại Bộ phận một cửa."
        ),
        "difficulty": "easy",
    },
    {
        "topic": "Cơ chế một cửa, một cửa liên thông",
        "text": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng, Văn phòng "
            "UBND tỉnh chủ trì, phối hợp với cơ quan nào cập nhật, đăng tải thủ tục hành chính "
            "trên Cổng thông tin điện tử và Trang một cửa điện tử của tỉnh?"
        ),
        "choices": [
            ("Sở Thông tin và Truyền thông", True),
            ("Sở Tài chính", False),
            ("Báo Sóc Trăng", False),
            ("Trường Chính trị tỉnh", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng giao Văn "
            "phòng UBND tỉnh chủ trì, phối hợp với Sở Thông tin và Truyền thông cập nhật, đăng tải "
            "thủ tục hành chính trên Cổng thông tin điện tử và Trang một cửa điện tử của tỉnh."
        ),
        "difficulty": "hard",
    },
    {
        "topic": "Chỉ số đánh giá CCHC",
        "text": "SIPAS là tên viết tắt của chỉ số nào?",
        "choices": [
            ("Chỉ số hài lòng về sự phục vụ hành chính", True),
            ("Chỉ số cải cách hành chính", False),
            ("Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh", False),
            ("Chỉ số năng lực cạnh tranh cấp tỉnh", False),
        ],
        "explanation": (
            "SIPAS là Chỉ số hài lòng về sự phục vụ hành chính, đo lường sự hài lòng của người "
            "dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước."
        ),
        "difficulty": "easy",
    },
    {
        "topic": "Chỉ số đánh giá CCHC",
        "text": "PAR INDEX là tên gọi của chỉ số nào?",
        "choices": [
            ("Chỉ số cải cách hành chính", True),
            ("Chỉ số hài lòng về sự phục vụ hành chính", False),
            ("Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh", False),
            ("Chỉ số năng lực cạnh tranh cấp tỉnh", False),
        ],
        "explanation": (
            "PAR INDEX là Chỉ số cải cách hành chính, dùng để theo dõi, đánh giá kết quả cải cách "
            "hành chính hằng năm của các bộ, cơ quan ngang bộ và các tỉnh, thành phố."
        ),
        "difficulty": "easy",
    },
    {
        "topic": "Chỉ số đánh giá CCHC",
        "text": "PAPI là tên viết tắt của chỉ số nào?",
        "choices": [
            ("Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh", True),
            ("Chỉ số năng lực cạnh tranh cấp tỉnh", False),
            ("Chỉ số cải cách hành chính", False),
            ("Chỉ số hài lòng về sự phục vụ hành chính", False),
        ],
        "explanation": (
            "PAPI là Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh, được thực hiện với UNDP "
            "từ năm 2009."
        ),
        "difficulty": "easy",
    },
    {
        "topic": "Chỉ số đánh giá CCHC",
        "text": "PCI là tên viết tắt của chỉ số nào?",
        "choices": [
            ("Chỉ số năng lực cạnh tranh cấp tỉnh", True),
            ("Chỉ số cải cách hành chính", False),
            ("Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh", False),
            ("Chỉ số hài lòng về sự phục vụ hành chính", False),
        ],
        "explanation": (
            "PCI là Chỉ số năng lực cạnh tranh cấp tỉnh, được Kế hoạch tuyên truyền cải cách hành "
            "chính năm 2019 của tỉnh Sóc Trăng nêu cùng với Chỉ số cải cách hành chính, SIPAS và "
            "PAPI."
        ),
        "difficulty": "easy",
    },
    {
        "topic": "Chỉ số đánh giá CCHC",
        "text": (
            "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS) năm 2023 bình quân cả nước đạt bao "
            "nhiêu?"
        ),
        "choices": [
            ("82,66%", True),
            ("86,62%", False),
            ("78,96%", False),
            ("89,95%", False),
        ],
        "explanation": (
            "Theo kết quả Bộ Nội vụ công bố ngày 17/4/2024, SIPAS năm 2023 bình quân cả nước đạt "
            "82,66%."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Chỉ số đánh giá CCHC",
        "text": (
            "Cơ quan nào công bố kết quả Chỉ số hài lòng về sự phục vụ hành chính (SIPAS) năm 2023?"
        ),
        "choices": [
            ("Bộ Nội vụ", True),
            ("Bộ Tư pháp", False),
            ("Văn phòng Chính phủ", False),
            ("Tổng cục Thống kê", False),
        ],
        "explanation": "Kết quả SIPAS năm 2023 được Bộ Nội vụ công bố ngày 17/4/2024.",
        "difficulty": "medium",
    },
    {
        "topic": "Chỉ số đánh giá CCHC",
        "text": (
            "Theo kết quả Chỉ số cải cách hành chính (PAR INDEX) năm 2023, bộ nào dẫn đầu khối bộ, "
            "cơ quan ngang bộ?"
        ),
        "choices": [
            ("Bộ Tư pháp", True),
            ("Bộ Nội vụ", False),
            ("Bộ Tài chính", False),
            ("Bộ Kế hoạch và Đầu tư", False),
        ],
        "explanation": (
            "Theo kết quả PAR INDEX năm 2023, Bộ Tư pháp dẫn đầu khối bộ, cơ quan ngang bộ với "
            "89,95%."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Chỉ số đánh giá CCHC",
        "text": (
            "Theo kết quả Chỉ số cải cách hành chính (PAR INDEX) năm 2023, địa phương nào dẫn đầu "
            "các tỉnh, thành phố trực thuộc trung ương?"
        ),
        "choices": [
            ("Quảng Ninh", True),
            ("Hải Phòng", False),
            ("Sóc Trăng", False),
            ("Đà Nẵng", False),
        ],
        "explanation": (
            "Theo kết quả PAR INDEX năm 2023, tỉnh Quảng Ninh đứng đầu các tỉnh, thành phố trực "
            "thuộc trung ương."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Chỉ số đánh giá CCHC",
        "text": (
            "Trong Chỉ số cải cách hành chính (PAR INDEX) năm 2023, Bộ Tư pháp – đơn vị dẫn đầu "
            "khối bộ, cơ quan ngang bộ – đạt kết quả bao nhiêu phần trăm?"
        ),
        "choices": [
            ("89,95%", True),
            ("82,66%", False),
            ("91,95%", False),
            ("88,59%", False),
        ],
        "explanation": (
            "Theo kết quả PAR INDEX năm 2023, Bộ Tư pháp dẫn đầu khối bộ, cơ quan ngang bộ với "
            "89,95%."
        ),
        "difficulty": "hard",
    },
    {
        "topic": "Chỉ số đánh giá CCHC",
        "text": (
            "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI) được thực hiện với tổ "
            "chức quốc tế nào từ năm 2009?"
        ),
        "choices": [
            ("Chương trình Phát triển Liên hợp quốc (UNDP)", True),
            ("Ngân hàng Thế giới (WB)", False),
            ("Ngân hàng Phát triển châu Á (ADB)", False),
            ("Quỹ Tiền tệ Quốc tế (IMF)", False),
        ],
        "explanation": (
            "PAPI được thực hiện với Chương trình Phát triển Liên hợp quốc (UNDP) từ năm 2009 và "
            "triển khai ở tất cả các tỉnh, thành phố từ năm 2011."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Chỉ số đánh giá CCHC",
        "text": (
            "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI) được triển khai ở tất cả "
            "các tỉnh, thành phố từ năm nào?"
        ),
        "choices": [
            ("2011", True),
            ("2009", False),
            ("2010", False),
            ("2013", False),
        ],
        "explanation": (
            "PAPI bắt đầu được thực hiện với UNDP từ năm 2009 và triển khai ở tất cả các tỉnh, "
            "thành phố từ năm 2011."
        ),
        "difficulty": "hard",
    },
    {
        "topic": "Chỉ số đánh giá CCHC",
        "text": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng, kết quả "
            "của những chỉ số nào được đưa vào nội dung tuyên truyền? (chọn tất cả đáp án đúng)"
        ),
        "choices": [
            ("Chỉ số cải cách hành chính", True),
            (
                "Chỉ số đo lường sự hài lòng của tổ chức và cá nhân đối với sự phục vụ của cơ "
                "quan hành chính nhà nước",
                True,
            ),
            ("Chỉ số hiệu quả quản trị và hành chính công", True),
            ("Chỉ số năng lực cạnh tranh cấp tỉnh", True),
            ("Chỉ số giá tiêu dùng (CPI)", False),
            ("Chỉ số phát triển con người (HDI)", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng nêu kết "
            "quả Chỉ số cải cách hành chính, Chỉ số đo lường sự hài lòng, Chỉ số hiệu quả quản trị "
            "và hành chính công và Chỉ số năng lực cạnh tranh cấp tỉnh."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Chỉ số đánh giá CCHC",
        "text": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng, ngoài sự "
            "phục vụ của cơ quan hành chính nhà nước, chỉ số đo lường sự hài lòng còn đề cập chất "
            "lượng cung cấp dịch vụ công trong những lĩnh vực nào?"
        ),
        "choices": [
            ("Y tế, giáo dục công", True),
            ("Giao thông, xây dựng", False),
            ("Ngân hàng, bảo hiểm", False),
            ("Điện, nước sinh hoạt", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng nêu Chỉ số "
            "đo lường sự hài lòng đối với sự phục vụ của cơ quan hành chính nhà nước cũng như chất "
            "lượng cung cấp dịch vụ y tế, giáo dục công của tỉnh."
        ),
        "difficulty": "hard",
    },
    {
        "topic": "Chỉ số đánh giá CCHC",
        "text": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng, việc "
            "tuyên truyền về Chỉ số cải cách hành chính và Chỉ số đo lường sự hài lòng còn được "
            "thực hiện thông qua hoạt động nào?"
        ),
        "choices": [
            ("Cuộc điều tra xã hội học", True),
            ("Cuộc tổng điều tra dân số và nhà ở", False),
            ("Cuộc kiểm toán ngân sách nhà nước", False),
            ("Cuộc thanh tra chuyên ngành", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng nêu hình "
            "thức tuyên truyền thông qua cuộc điều tra xã hội học về Chỉ số cải cách hành chính, "
            "Chỉ số đo lường sự hài lòng của cá nhân, tổ chức."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Văn hóa công vụ và dịch vụ công trực tuyến",
        "text": "Đề án Văn hóa công vụ được Thủ tướng Chính phủ phê duyệt tại Quyết định nào?",
        "choices": [
            ("Quyết định số 1847/QĐ-TTg ngày 27/12/2018", True),
            ("Quyết định số 1874/QĐ-TTg ngày 27/12/2018", False),
            ("Quyết định số 1847/QĐ-TTg ngày 27/12/2017", False),
            ("Quyết định số 225/QĐ-TTg ngày 04/02/2016", False),
        ],
        "explanation": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng, Đề án Văn "
            "hóa công vụ được Thủ tướng Chính phủ phê duyệt tại Quyết định số 1847/QĐ-TTg ngày "
            "27/12/2018."
        ),
        "difficulty": "easy",
    },
    {
        "topic": "Văn hóa công vụ và dịch vụ công trực tuyến",
        "text": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng, nội dung "
            "văn hóa công vụ theo Đề án Văn hóa công vụ được tuyên truyền cho đối tượng nào?"
        ),
        "choices": [
            ("Cán bộ, công chức, viên chức", True),
            ("Học sinh, sinh viên", False),
            ("Doanh nghiệp có vốn đầu tư nước ngoài", False),
            ("Du khách đến tỉnh", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng yêu cầu "
            "tuyên truyền nội dung văn hóa công vụ cho cán bộ, công chức, viên chức theo Quyết "
            "định số 1847/QĐ-TTg ngày 27/12/2018."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Văn hóa công vụ và dịch vụ công trực tuyến",
        "text": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng, Sở Nội vụ "
            "phối hợp với các cơ sở giáo dục và đào tạo trong và ngoài tỉnh tổ chức bồi dưỡng nội "
            "dung gì cho cán bộ, công chức, viên chức?"
        ),
        "choices": [
            ("Văn hóa công vụ", True),
            ("Ngoại ngữ thương mại", False),
            ("Kỹ năng quản trị doanh nghiệp", False),
            ("Nghiệp vụ kế toán ngân hàng", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng giao Sở "
            "Nội vụ phối hợp với các cơ sở giáo dục và đào tạo tổ chức bồi dưỡng về văn hóa công "
            "vụ cho cán bộ, công chức, viên chức."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Văn hóa công vụ và dịch vụ công trực tuyến",
        "text": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng hướng tới xây "
            "dựng Chính quyền thân thiện trên tinh thần nào?"
        ),
        "choices": [
            (
                "Tôn trọng Nhân dân, phát huy quyền làm chủ của Nhân dân, chăm lo đời sống Nhân "
                "dân",
                True,
            ),
            ("Nhanh chóng, chính xác, tiết kiệm, an toàn", False),
            ("Kỷ cương, liêm chính, hành động, sáng tạo, hiệu quả", False),
            ("Đoàn kết, sáng tạo, hội nhập, phát triển", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng nêu mục "
            'tiêu góp phần xây dựng Chính quyền thân thiện trên tinh thần "tôn trọng Nhân dân, '
            'phát huy quyền làm chủ của Nhân dân, chăm lo đời sống Nhân dân".'
        ),
        "difficulty": "hard",
    },
    {
        "topic": "Văn hóa công vụ và dịch vụ công trực tuyến",
        "text": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng yêu cầu tăng "
            "cường tuyên truyền việc cung ứng dịch vụ công trực tuyến ở mức độ nào?"
        ),
        "choices": [
            ("Mức độ 3 và 4", True),
            ("Mức độ 1 và 2", False),
            ("Chỉ mức độ 1", False),
            ("Mức độ 2 và 3", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng yêu cầu "
            "triển khai các giải pháp tăng cường tuyên truyền việc cung ứng dịch vụ công trực "
            "tuyến mức độ 3 và 4."
        ),
        "difficulty": "easy",
    },
    {
        "topic": "Văn hóa công vụ và dịch vụ công trực tuyến",
        "text": (
            "Theo Nghị định số 43/2011/NĐ-CP, dịch vụ công trực tuyến mức độ 4 có thêm đặc điểm "
            "nào so với mức độ 3?"
        ),
        "choices": [
            (
                "Người sử dụng thanh toán lệ phí (nếu có) trực tuyến; kết quả được trả trực tuyến "
                "hoặc gửi qua đường bưu điện",
                True,
            ),
            ("Chỉ cung cấp đầy đủ thông tin về thủ tục hành chính", False),
            ("Cho phép tải về các mẫu văn bản, mẫu đơn để khai báo", False),
            (
                "Cho phép điền và gửi trực tuyến mẫu văn bản, còn lệ phí và kết quả nhận trực "
                "tiếp tại cơ quan",
                False,
            ),
        ],
        "explanation": (
            "Theo Nghị định số 43/2011/NĐ-CP, dịch vụ công trực tuyến mức độ 4 là dịch vụ mức độ 3 "
            "và cho phép thanh toán lệ phí (nếu có) trực tuyến, trả kết quả trực tuyến hoặc qua "
            "đường bưu điện."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Văn hóa công vụ và dịch vụ công trực tuyến",
        "text": (
            "Theo Nghị định số 43/2011/NĐ-CP, dịch vụ công trực tuyến mức độ 3 cho phép người sử "
            "dụng làm gì?"
        ),
        "choices": [
            (
                "Điền và gửi trực tuyến các mẫu văn bản đến cơ quan cung cấp dịch vụ; thanh toán "
                "lệ phí (nếu có) và nhận kết quả trực tiếp tại cơ quan",
                True,
            ),
            ("Chỉ xem thông tin về thủ tục hành chính", False),
            ("Chỉ tải về mẫu đơn, mẫu tờ khai để in và nộp trực tiếp", False),
            ("Gửi hồ sơ qua tin nhắn SMS đến cơ quan giải quyết", False),
        ],
        "explanation": (
            "Theo Nghị định số 43/2011/NĐ-CP, dịch vụ công trực tuyến mức độ 3 cho phép điền và "
            "gửi trực tuyến các mẫu văn bản; việc thanh toán lệ phí (nếu có) và nhận kết quả thực "
            "hiện trực tiếp tại cơ quan, tổ chức cung cấp dịch vụ."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Văn hóa công vụ và dịch vụ công trực tuyến",
        "text": (
            "Nghị định số 42/2022/NĐ-CP phân loại dịch vụ công trực tuyến thành những loại nào?"
        ),
        "choices": [
            ("Dịch vụ công trực tuyến toàn trình và dịch vụ công trực tuyến một phần", True),
            ("Dịch vụ công trực tuyến mức độ 1, 2, 3 và 4", False),
            ("Dịch vụ công trực tuyến cơ bản và dịch vụ công trực tuyến nâng cao", False),
            ("Dịch vụ công trực tuyến cấp tỉnh và dịch vụ công trực tuyến cấp xã", False),
        ],
        "explanation": (
            "Nghị định số 42/2022/NĐ-CP thay thế Nghị định số 43/2011/NĐ-CP, phân loại dịch vụ "
            "công trực tuyến thành dịch vụ công trực tuyến toàn trình và dịch vụ công trực tuyến "
            "một phần."
        ),
        "difficulty": "hard",
    },
    {
        "topic": "Văn hóa công vụ và dịch vụ công trực tuyến",
        "text": (
            "Từ ngày 01/7/2025, cổng nào là cổng duy nhất cung cấp dịch vụ công trực tuyến cho "
            "người dân, doanh nghiệp?"
        ),
        "choices": [
            ("Cổng Dịch vụ công quốc gia", True),
            ("Cổng Thông tin điện tử Chính phủ", False),
            ("Trang thông tin điện tử cải cách hành chính của tỉnh", False),
            ("Cổng Thông tin điện tử Bộ Nội vụ", False),
        ],
        "explanation": (
            "Từ ngày 01/7/2025, Cổng Dịch vụ công quốc gia là cổng duy nhất cung cấp dịch vụ công "
            "trực tuyến."
        ),
        "difficulty": "easy",
    },
    {
        "topic": "Văn hóa công vụ và dịch vụ công trực tuyến",
        "text": "Địa chỉ truy cập Cổng Dịch vụ công quốc gia là gì?",
        "choices": [
            ("dichvucong.gov.vn", True),
            ("chinhphu.vn", False),
            ("baochinhphu.vn", False),
            ("vanban.chinhphu.vn", False),
        ],
        "explanation": (
            "Cổng Dịch vụ công quốc gia có địa chỉ dichvucong.gov.vn; từ ngày 01/7/2025 đây là "
            "cổng duy nhất cung cấp dịch vụ công trực tuyến."
        ),
        "difficulty": "easy",
    },
    {
        "topic": "Văn hóa công vụ và dịch vụ công trực tuyến",
        "text": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng, mục tiêu "
            "tăng cường hiểu biết của Nhân dân về cải cách thủ tục hành chính gắn với lợi ích của "
            "việc sử dụng gì?"
        ),
        "choices": [
            ("Dịch vụ công trực tuyến", True),
            ("Thẻ tín dụng quốc tế", False),
            ("Dịch vụ chuyển phát nhanh tư nhân", False),
            ("Dịch vụ môi giới nhà đất", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng đặt mục "
            "tiêu tăng cường sự hiểu biết của Nhân dân về cải cách hành chính, đặc biệt là cải "
            "cách thủ tục hành chính, lợi ích của việc sử dụng dịch vụ công trực tuyến."
        ),
        "difficulty": "easy",
    },
    {
        "topic": "Công tác tuyên truyền CCHC",
        "text": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng do cơ quan nào "
            "ban hành?"
        ),
        "choices": [
            ("UBND tỉnh Sóc Trăng", True),
            ("HĐND tỉnh Sóc Trăng", False),
            ("Bộ Nội vụ", False),
            ("Báo Sóc Trăng", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 do UBND tỉnh Sóc Trăng xây dựng và "
            "ban hành (TM. Ủy ban nhân dân, Chủ tịch ký)."
        ),
        "difficulty": "easy",
    },
    {
        "topic": "Công tác tuyên truyền CCHC",
        "text": (
            "Kế hoạch số 36/KH-UBND ngày 21/3/2017 của UBND tỉnh Sóc Trăng, được dẫn chiếu trong "
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019, có nội dung gì?"
        ),
        "choices": [
            ("Tuyên truyền cải cách hành chính nhà nước tỉnh Sóc Trăng giai đoạn 2016–2020", True),
            ("Thực hiện cải cách hành chính năm 2019", False),
            ("Triển khai Đề án Văn hóa công vụ", False),
            ("Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2011–2020", False),
        ],
        "explanation": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng, Kế "
            "hoạch số 36/KH-UBND ngày 21/3/2017 là kế hoạch về tuyên truyền cải cách hành chính "
            "nhà nước tỉnh Sóc Trăng giai đoạn 2016–2020."
        ),
        "difficulty": "hard",
    },
    {
        "topic": "Công tác tuyên truyền CCHC",
        "text": (
            "Kế hoạch số 128/KH-UBND ngày 26/12/2018 của UBND tỉnh Sóc Trăng là kế hoạch về nội "
            "dung gì?"
        ),
        "choices": [
            ("Thực hiện cải cách hành chính năm 2019", True),
            ("Tuyên truyền cải cách hành chính nhà nước giai đoạn 2016–2020", False),
            ("Thực hiện cải cách hành chính năm 2018", False),
            ("Triển khai Đề án Văn hóa công vụ", False),
        ],
        "explanation": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng, Kế "
            "hoạch số 128/KH-UBND ngày 26/12/2018 là kế hoạch thực hiện cải cách hành chính năm "
            "2019."
        ),
        "difficulty": "hard",
    },
    {
        "topic": "Công tác tuyên truyền CCHC",
        "text": (
            "Những hình thức nào sau đây được nêu trong Kế hoạch tuyên truyền cải cách hành chính "
            "năm 2019 của tỉnh Sóc Trăng? (chọn tất cả đáp án đúng)"
        ),
        "choices": [
            ("Tổ chức hội thi, cuộc thi cải cách hành chính, thiết kế tranh, thơ ca cổ động", True),
            ("Tuyên truyền trực quan qua pano, áp phích, băng rôn, tờ bướm hướng dẫn", True),
            ("Tuyên truyền qua hội thảo, hội nghị, lớp bồi dưỡng, tập huấn nghiệp vụ", True),
            ("Phát hành bộ tem bưu chính chuyên đề cải cách hành chính", False),
            ("Gửi tin nhắn quảng cáo đến mọi thuê bao di động trong tỉnh", False),
        ],
        "explanation": (
            "Mục III.2 Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng "
            "nêu các hình thức: hội thi, cuộc thi, thiết kế tranh, thơ ca cổ động; pano, áp phích, "
            "băng rôn, tờ bướm; hội thảo, hội nghị, lớp bồi dưỡng, tập huấn."
        ),
        "difficulty": "easy",
    },
    {
        "topic": "Công tác tuyên truyền CCHC",
        "text": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng, đối tượng "
            "tuyên truyền gồm những ai?"
        ),
        "choices": [
            (
                "Toàn thể cán bộ, đảng viên, công chức, viên chức, doanh nghiệp và người dân "
                "trong tỉnh",
                True,
            ),
            ("Chỉ công chức làm việc tại Bộ phận một cửa", False),
            ("Chỉ người dân đang có hồ sơ thủ tục hành chính cần giải quyết", False),
            ("Chỉ doanh nghiệp có vốn đầu tư nước ngoài", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng xác định "
            "đối tượng là toàn thể cán bộ, đảng viên, công chức, viên chức trong các cơ quan Đảng, "
            "Đoàn thể, cơ quan hành chính nhà nước, doanh nghiệp, người dân trong tỉnh."
        ),
        "difficulty": "easy",
    },
    {
        "topic": "Công tác tuyên truyền CCHC",
        "text": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng, cơ quan "
            "nào chịu trách nhiệm phối hợp, đôn đốc, kiểm tra việc thực hiện Kế hoạch và định kỳ "
            "báo cáo UBND tỉnh?"
        ),
        "choices": [
            ("Sở Nội vụ", True),
            ("Sở Tài chính", False),
            ("Trường Chính trị tỉnh", False),
            ("Báo Sóc Trăng", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng giao Sở "
            "Nội vụ chịu trách nhiệm phối hợp, đôn đốc, kiểm tra việc thực hiện Kế hoạch và định "
            "kỳ báo cáo UBND tỉnh."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Công tác tuyên truyền CCHC",
        "text": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng, các đơn "
            "vị báo cáo kết quả tuyên truyền cải cách hành chính (lồng ghép với báo cáo cải cách "
            "hành chính) theo định kỳ nào?"
        ),
        "choices": [
            ("Hằng quý, 6 tháng và năm", True),
            ("Hằng tuần", False),
            ("Hằng tháng", False),
            ("Hai năm một lần", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng yêu cầu "
            "báo cáo UBND tỉnh (qua Sở Nội vụ) lồng ghép với báo cáo cải cách hành chính định kỳ "
            "hằng quý, 6 tháng, năm."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Công tác tuyên truyền CCHC",
        "text": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng, Sở Thông "
            "tin và Truyền thông hướng dẫn, hỗ trợ bao nhiêu phần trăm cơ quan, đơn vị có Trang "
            "thông tin điện tử thiết kế Chuyên mục cải cách hành chính?"
        ),
        "choices": [
            ("100%", True),
            ("50%", False),
            ("80%", False),
            ("90%", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng giao Sở "
            "Thông tin và Truyền thông hướng dẫn, hỗ trợ 100% cơ quan, đơn vị có Trang thông tin "
            "điện tử thiết kế Chuyên mục cải cách hành chính."
        ),
        "difficulty": "hard",
    },
    {
        "topic": "Công tác tuyên truyền CCHC",
        "text": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng, Bản tin "
            "cải cách hành chính của cơ quan nào được chuyển tiếp đến các sở, ban ngành, UBND cấp "
            "huyện?"
        ),
        "choices": [
            ("Bộ Nội vụ", True),
            ("Văn phòng Chính phủ", False),
            ("Bộ Thông tin và Truyền thông", False),
            ("Bộ Tư pháp", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng giao tổ "
            "chức chuyển tiếp Bản tin cải cách hành chính của Bộ Nội vụ đến từng sở, ban ngành, "
            "UBND cấp huyện."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Công tác tuyên truyền CCHC",
        "text": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng, kinh phí "
            "tuyên truyền trong nội bộ đơn vị, địa phương được bố trí từ nguồn nào?"
        ),
        "choices": [
            ("Nguồn kinh phí hoạt động thường xuyên của đơn vị", True),
            ("Vốn vay ODA", False),
            ("Đóng góp bắt buộc của cán bộ, công chức, viên chức", False),
            ("Khoản thu thêm từ người dân khi giải quyết thủ tục hành chính", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng quy định "
            "kinh phí tuyên truyền trong nội bộ đơn vị, địa phương được bố trí trong nguồn kinh "
            "phí hoạt động thường xuyên của đơn vị."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Công tác tuyên truyền CCHC",
        "text": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng, cơ sở nào "
            "tăng cường nghiên cứu, giảng dạy về cải cách hành chính và đưa nội dung cải cách hành "
            "chính vào chương trình giảng dạy?"
        ),
        "choices": [
            ("Trường Chính trị, Trung tâm Bồi dưỡng chính trị các huyện, thị xã, thành phố", True),
            ("Ban Quản lý các khu công nghiệp", False),
            ("Sở Tài chính", False),
            ("Báo Sóc Trăng", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng giao "
            "Trường Chính trị, Trung tâm Bồi dưỡng chính trị các huyện, thị xã, thành phố tăng "
            "cường nghiên cứu, giảng dạy về cải cách hành chính."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Công tác tuyên truyền CCHC",
        "text": (
            "Phạm vi nội dung tuyên truyền của Kế hoạch tuyên truyền cải cách hành chính năm 2019 "
            "của tỉnh Sóc Trăng liên quan đến những chương trình, kế hoạch nào? (chọn tất cả đáp "
            "án đúng)"
        ),
        "choices": [
            ("Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2011–2020", True),
            ("Kế hoạch cải cách hành chính nhà nước giai đoạn 2016–2020", True),
            ("Kế hoạch cải cách hành chính năm 2019", True),
            ("Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2001–2010", False),
            ("Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030", False),
        ],
        "explanation": (
            "Mục II.2 Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng "
            "xác định phạm vi là Chương trình tổng thể giai đoạn 2011–2020, Kế hoạch cải cách hành "
            "chính nhà nước giai đoạn 2016–2020 và Kế hoạch cải cách hành chính năm 2019."
        ),
        "difficulty": "hard",
    },
    {
        "topic": "Công tác tuyên truyền CCHC",
        "text": (
            "Theo Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc Trăng, thủ "
            "trưởng các sở, ban ngành, Chủ tịch UBND cấp huyện phải bảo đảm đạt bao nhiêu phần "
            "trăm các chỉ tiêu, yêu cầu, nội dung tuyên truyền tỉnh đề ra trong năm?"
        ),
        "choices": [
            ("100%", True),
            ("80%", False),
            ("90%", False),
            ("95%", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng yêu cầu "
            "các đơn vị bảo đảm đạt 100% các chỉ tiêu, yêu cầu, nội dung tỉnh đề ra trong năm."
        ),
        "difficulty": "medium",
    },
    {
        "topic": "Công tác tuyên truyền CCHC",
        "text": (
            "Chuyên mục nào được Kế hoạch tuyên truyền cải cách hành chính năm 2019 của tỉnh Sóc "
            "Trăng giao Báo Sóc Trăng, Đài Phát thanh và Truyền hình tỉnh duy trì?"
        ),
        "choices": [
            ('"Dân hỏi – Chính quyền trả lời"', True),
            ('"Chính quyền hỏi – Dân trả lời"', False),
            ('"Chất vấn và trả lời chất vấn"', False),
            ('"Tọa đàm doanh nghiệp cuối tuần"', False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng giao Báo "
            'Sóc Trăng, Đài Phát thanh và Truyền hình tỉnh duy trì Chuyên mục "Dân hỏi – Chính '
            'quyền trả lời".'
        ),
        "difficulty": "easy",
    },
    {
        "topic": "Công tác tuyên truyền CCHC",
        "text": (
            "Ngoài các tin bài cải cách hành chính, Kế hoạch tuyên truyền cải cách hành chính năm "
            "2019 của tỉnh Sóc Trăng giao Báo Sóc Trăng, Đài Phát thanh và Truyền hình tỉnh đẩy "
            "mạnh giới thiệu thông tin về nội dung nào?"
        ),
        "choices": [
            ("Chính quyền điện tử, công dân điện tử", True),
            ("Thị trường chứng khoán", False),
            ("Giá vàng và ngoại tệ", False),
            ("Du lịch quốc tế", False),
        ],
        "explanation": (
            "Kế hoạch tuyên truyền cải cách hành chính năm 2019 của UBND tỉnh Sóc Trăng giao Báo "
            "Sóc Trăng, Đài Phát thanh và Truyền hình tỉnh đẩy mạnh giới thiệu thông tin về Chính "
            "quyền điện tử, công dân điện tử."
        ),
        "difficulty": "medium",
    },
]
