// Small gzip files made once with Python's gzip module (mtime 0, no name), kept as base64 so the
// tests need no external tool. Their contents are rebuilt by the formulas in InflateTests.

import Foundation

enum GzipFixtures {
    /// bytes 0…255 three times; level 0 (one stored block); block type 0, 791 bytes.
    static let stored: [UInt8] = [UInt8](
        Data(
            base64Encoded: """
                H4sIAAAAAAAA/wEAA//8AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7
                PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWG
                h4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR
                0tPU1dbX2Nna29zd3t/g4eLj5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhsc
                HR4fICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj9AQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVpbXF1eX2BhYmNkZWZn
                aGlqa2xtbm9wcXJzdHV2d3h5ent8fX5/gIGCg4SFhoeIiYqLjI2Oj5CRkpOUlZaXmJmam5ydnp+goaKjpKWmp6ipqqusra6vsLGy
                s7S1tre4ubq7vL2+v8DBwsPExcbHyMnKy8zNzs/Q0dLT1NXW19jZ2tvc3d7f4OHi4+Tl5ufo6err7O3u7/Dx8vP09fb3+Pn6+/z9
                /v8AAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4/QEFCQ0RFRkdI
                SUpLTE1OT1BRUlNUVVZXWFlaW1xdXl9gYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoOEhYaHiImKi4yNjo+QkZKT
                lJWWl5iZmpucnZ6foKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vr/AwcLDxMXGx8jJysvMzc7P0NHS09TV1tfY2drb3N3e
                3+Dh4uPk5ebn6Onq6+zt7u/w8fLz9PX29/j5+vv8/f7/Kt/AsAADAAA=
                """, options: .ignoreUnknownCharacters) ?? Data())
    /// "NeuralKit inflate test: abcabcabcabcabc " four times; level 9 (fixed Huffman); block type 1, 53 bytes.
    static let fixed: [UInt8] = [UInt8](
        Data(
            base64Encoded: """
                H4sIAAAAAAAC//NLLS1KzPHOLFHIzEvLSSxJVShJLS6xUkhMSkZGCn4DpA4A1tBzK6AAAAA=
                """, options: .ignoreUnknownCharacters) ?? Data())
    /// byte i = (i*i mod 251) xor (i mod 7), i < 5000; level 9 (dynamic Huffman); block type 2, 1854 bytes.
    static let dynamic: [UInt8] = [UInt8](
        Data(
            base64Encoded: """
                H4sIAAAAAAAC/+3VZVsTCAAAYAaMriXdpaeeNIIISzoWDEZsE6VzvZEzzjjPABHcRqmnJx0q4J01anR3G+cJAkpz+dz9jfuw90+8
                cnJKalAjC3skMSG3qKHzrbJ1UErh6xV9P0HNR9OIgnEdXPniIfpr9agqZUoTOHHgyM3NiDancvWc9YRZQp/fAH48ci5j7yL0J7fe
                M8DSU/N5th1co06e1dj3qD+eMex2m3JQmqMPON6glTYhB2evszfXVl92gZEUjfdFYty8ED6+4eQM3uWS+u6lHbhzGKe864suivVg
                WhWT1bxtx2v8F3NjwoohMaB3m+ctuokV4ofd7ulc2klZiJwk9YUMhc7GrGRpih3aaLtXj/Wkg1sjAA00zdfco/PCUPj4XYr+h4ZM
                P9P150UZAdaAX9urCrITSFhXKz2wmpyiEgCoDjE2d0Xg4rPu1La/U7TyT85/vmrgy6/+TZ98e0wXXzZ/mPVGI7IaEP0EkjF46OpW
                pMSxQiVrI3aG1O/fhxuJWkzfvwR7dGLorJLYY0Zg1s4x6GJbT15F/tvMtN9pFGA0xn5k+oC/SErY4XaQnfn2BvFFZgaF4OeNdXdD
                YvxwEamMK8IGyfKmjhOJLercAKHpP46o+OQ827KnN/2Nuj5tzW3T50otBHMnRMCEgROPQZf3kpejxkJ7/YbDZ+JXM9VL7CXkvR+O
                9KZBGsnyVVStN4xjM+Uk2Fh+tMHH+ixfvY0Xhem+Vkof2xry+fEEjJOFPkhdGQhUVlQBG5g5eePjsgvr2j4BbQPSCl58NQzIrPtk
                QC0chYeVzhxnvtSk1MhHPtVJ7zv8w0FUh4NQNXMtbj50IKA3bJS8kHRwGfLw5HCsssh9Nse8i63fwbGZuIX4+ynLYbs1z0dt/B4L
                AdmQinlhruDNxY7aku9YqVFEfx/USXcfrD+emsY8L6ptm9mCOITyhB3rYCzj3qi2t+DJpgOj5R/ktSkbnlSPI7HMmfcSKsUMnvwJ
                fmU/dYk8Tuzx7w2bT/jCVymz64jYvnZoOFWniaZQTdZ+Sf9mtowIHS2IMvytMjtA//Mv+Yl+tsrvJbXFmXFEtLO5qY6Kkryiorwq
                yNDWGRsey79dLflVwcY3tfiXdWP/rNq3hpSiEVh4yexR9iut6FqFiGZQWv+313Yp7fYiLf7K2bnwwcAe0nTEcuLmFZ0H7gNxckK3
                5VyLTpaehGU7fdPnn0aO41ZLprfq5H06ErreVcolucC2lrrqhJfYaWRSAAbtcRKDDiDQklkXKuraZ/fB9gRuSfsaxJt3f0wLmde0
                78hs/RPx/Ygtu9uU3WGdO+NZoXym3/2R7rmDjJmIEcJwQB9uLvarQLXcpT1y58bhgWTQE6piTZTqK9aRpVIceOR2pNGnmlx/g7VX
                BSkhNoofuuuKBLE4lIOZEVwVqKAABGjr6Nk4YELPZBbUdH+UM/PLuPtqwyQwu+GdUXTxFDRUvHSM90KbVqdIbtFN7Tl+Y4/aaSfW
                FqyeXggbChoOnaAtpWydA933GIwHVJxYyLbsZpq20c2nbnj/2cR13mzmI1WmHjNQsLXOCnqoM3R/WVojusxJjggLwiJOeWARQcTo
                FPbF0pqOuQOYHZ4ubvsM9WE/HtdEZDbuObOe/eVzddyc02nCarfJnj1VLne2x+Mh9Pxm+jxtFD8U2E9ciFvP06pw7ozavP7tYJLu
                UwqwNlLtBfPQcgkeNFUYYfy2Oi/QcOVlcXKgGfCttPpOzhk80tHWGKatKCcvL6cB17d2RJNiBPmV0vcAy5D0Oy8/m4bk1r83jro7
                CSaJlr/hPlel1gNprdDk3qPXt2ndLiUaeV9ilnHDwUPEyeiZ5O3z8Hte/Qny5V6LfGspw0TKsBi5jv2rheey/ywboT39kIeGf+4o
                ZxGcdA9muisrrnBTqOHBaKTnKRQymERJ5HxXVtk1vwt1xbFKJaswBOfhpAaa37rrwmn+3fvWmAWry5jZZctf9igDxPZ6PYBd2Eqa
                i57GDQYNEJbPbuRqC526KVu3jvclQpujleoo6s/ZhxfEYTqTRWSTd3WCEOPVN3fTgiwV3nXVFObGhCPsbAygGvIAgIKyJszUyg5F
                OJ1TXNX1QckiMLHozZpecF7lB5PI/AkQUbhwhPGzGrlBidoISxo+dmuHLHUu08z9Gr9E7A0ZJIxR5lN3Lug+9uyJUSjznMu0kdCN
                u7mW49cwv7fSXfeeZKG1Rh6xsbqr7SIm3gG+OyupKj3PS6ThQhA+Xp5o75CwqCTuJXGVdHFP1yWcWSFdgSOZj6bUUNktO67cp39g
                b05a0juMGJ1mmQvupfJxQ573IRe3ExcpE2EDwYOkpdNrORoiRyn14ObR/gxYS6RyfbTGz7zji6Jw3Yliqun7Wn6wydfXd1L9LeQ+
                dVbezjod6m1vbQjRBCjLyXKT5SbLTZabLDdZbrLcZLnJcpPlJstNltv/L7f/AFQbP/6IEwAA
                """, options: .ignoreUnknownCharacters) ?? Data())
}
