// Generated from the OpenAPI document by openapi-typescript (npm run openapi:types); do not edit.

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness
         * @description Who: anyone.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This API as an OpenAPI 3.1 document
         * @description Who: anyone.
         */
        get: operations["getOpenApi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/services": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The service catalogue
         * @description Who: anyone.
         */
        get: operations["listServices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/services/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One service
         * @description Who: anyone.
         */
        get: operations["getService"];
        /**
         * Create or replace a service (If-Match: its ETag, to replace only what was read)
         * @description Who: admins.
         */
        put: operations["putService"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/applications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's cases (admins: all), newest first
         * @description Who: applicants, admins.
         */
        get: operations["listApplications"];
        put?: never;
        /**
         * Submit an application
         * @description Who: applicants.
         */
        post: operations["submitApplication"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/applications/{caseId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A case: status, reviews, timeline
         * @description Who: its applicant, admins, reviewers of a reviewing department.
         */
        get: operations["getApplication"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/applications/{caseId}/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The case's hash-chained audit trail with its verification
         * @description Who: as the case.
         */
        get: operations["getAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/applications/{caseId}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Withdraw before the outcome
         * @description Who: its applicant.
         */
        post: operations["withdrawApplication"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/applications/{caseId}/corrections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Complete an INCOMPLETE case, or answer a correction request
         * @description Who: its applicant.
         */
        post: operations["correctApplication"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A department's work list, earliest due first
         * @description Who: reviewers of the department, admins.
         */
        get: operations["listReviews"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/applications/{caseId}/reviews/{department}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve, reject, or request a correction
         * @description Who: reviewers of the department.
         */
        post: operations["decideReview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/applications/{caseId}/reviews/{department}/extension": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Extend the limit once, before it expires
         * @description Who: reviewers of the department.
         */
        post: operations["extendReview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/applications/{caseId}/reviews/{department}/opinion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * File an opinion after a deemed approval
         * @description Who: reviewers of the department.
         */
        post: operations["fileOpinion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/applications/{caseId}/reviews/{department}/post-check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record the check after an approval on commitment
         * @description Who: reviewers of the department.
         */
        post: operations["recordPostCheck"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/applications/{caseId}/rating": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rate the service and the departments after the outcome, or change a rating
         * @description Who: its applicant.
         */
        post: operations["rateApplication"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/applications/{caseId}/ratings/{department}/answer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Answer a rating of the department on the record
         * @description Who: reviewers of the department, admins.
         */
        post: operations["answerRating"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/departments/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Who a department's notifications go to
         * @description Who: admins.
         */
        put: operations["putDepartment"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/stats/departments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Statistics per department for a month
         * @description Who: anyone.
         */
        get: operations["getDepartmentStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/stats/services": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Statistics per service for a month
         * @description Who: anyone.
         */
        get: operations["getServiceStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/calendar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The working-day calendar (?version= for an earlier one)
         * @description Who: anyone.
         */
        get: operations["getCalendar"];
        /**
         * Time zone, office hours and (optionally) every year’s days (If-Match: its ETag)
         * @description Who: admins.
         */
        put: operations["putCalendarSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/calendar/years/{year}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Holidays and make-up working days of a year
         * @description Who: admins.
         */
        put: operations["putCalendarYear"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/permits/{number}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A permit: the signed document, its signature and its status
         * @description Who: anyone (a permit is a public record; the holder’s ID number is masked in it).
         */
        get: operations["getPermit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/permits/{number}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether a permit is genuine and current, and whether a copy in hand is it
         * @description Who: anyone.
         */
        get: operations["verifyPermit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/permit-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The public key permits are signed with, to check them offline
         * @description Who: anyone.
         */
        get: operations["getPermitKey"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/permits/{number}/revocation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke a permit, with reasons: on the case’s timeline, the holder notified
         * @description Who: admins.
         */
        post: operations["revokePermit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Application: {
            serviceCode: string;
            applicant: {
                name: string;
                /** @enum {string} */
                idType?: "PRC_RESIDENT_ID" | "UNIFIED_SOCIAL_CREDIT_CODE" | "PASSPORT" | "MAINLAND_TRAVEL_PERMIT" | "FOREIGN_PERMANENT_RESIDENT_ID" | "OTHER";
                idNumber: string;
                phone?: string;
                email?: string;
            };
            form: {
                [key: string]: unknown;
            };
            materials: {
                id: string;
                name: string;
                sha256?: string;
                uri?: string;
            }[];
            commitment?: {
                /** @constant */
                accepted: true;
            };
        };
        Audit: {
            caseId: string;
            verification: {
                valid: boolean;
                events: number;
                brokenAt?: {
                    seq: number;
                    department?: string;
                    reason: string;
                };
                head?: string;
                heads?: {
                    [key: string]: string;
                };
            };
            events: {
                seq: number;
                /** Format: date-time */
                at: string;
                type: string;
                actor: string;
                department?: string;
                detail?: {
                    [key: string]: unknown;
                };
                prevHash: string;
                hash: string;
                anchors?: {
                    [key: string]: {
                        seq: number;
                        hash: string;
                    };
                };
            }[];
        };
        Calendar: {
            version: number;
            timeZone: string;
            officeHours: {
                start: string;
                end: string;
            };
            years: {
                [key: string]: {
                    holidays: string[];
                    workdays: string[];
                };
            };
            /** Format: date-time */
            updatedAt?: string;
        };
        CalendarChange: {
            version: number;
            timeZone: string;
            officeHours: {
                start: string;
                end: string;
            };
            years: {
                [key: string]: {
                    holidays: string[];
                    workdays: string[];
                };
            };
            /** Format: date-time */
            updatedAt?: string;
            movedReviews: number;
        };
        CalendarSettings: {
            timeZone?: string;
            officeHours?: {
                start: string;
                end: string;
            };
            years?: {
                [key: string]: components["schemas"]["CalendarYear"];
            };
            version?: number;
            updatedAt?: string;
        };
        CalendarYear: {
            /** @default [] */
            holidays: string[];
            /** @default [] */
            workdays: string[];
        };
        Case: {
            caseId: string;
            serviceCode: string;
            serviceName: string;
            /** @enum {string} */
            status: "INCOMPLETE" | "IN_REVIEW" | "APPROVED" | "REJECTED" | "WITHDRAWN" | "LAPSED";
            /** @enum {string} */
            outcome?: "APPROVED" | "REJECTED";
            /** Format: date-time */
            submittedAt: string;
            /** Format: date-time */
            acceptedAt?: string;
            /** Format: date-time */
            decidedAt?: string;
            applicant: {
                name: string;
                /** @enum {string} */
                idType?: "PRC_RESIDENT_ID" | "UNIFIED_SOCIAL_CREDIT_CODE" | "PASSPORT" | "MAINLAND_TRAVEL_PERMIT" | "FOREIGN_PERMANENT_RESIDENT_ID" | "OTHER";
                idNumber: string;
                phone?: string;
                email?: string;
            };
            form: {
                [key: string]: unknown;
            };
            materials: {
                id: string;
                name: string;
                sha256?: string;
                uri?: string;
            }[];
            missing?: components["schemas"]["Issue"][];
            correction?: {
                /** Format: date-time */
                openedAt: string;
                /** Format: date-time */
                collectUntil: string;
                requests: {
                    department: string;
                    departmentName: string;
                    requested: {
                        id: string;
                        reason: string;
                    }[];
                    comment?: string;
                    /** Format: date-time */
                    at: string;
                }[];
                /** Format: date-time */
                noticeAt?: string;
                /** Format: date-time */
                lapseBy?: string;
            };
            calendarVersion?: number;
            redress: string;
            tacitApproval: string;
            commitment?: {
                text: string;
                /** Format: date-time */
                signedAt: string;
            };
            postCheckFailed?: {
                department: string;
                /** Format: date-time */
                at: string;
                reasons: string[];
            };
            ratings?: components["schemas"]["Ratings"];
            permit?: {
                number: string;
                /** Format: date-time */
                issuedAt: string;
                /** Format: date-time */
                revokedAt?: string;
            };
            reviews: {
                department: string;
                departmentName: string;
                /** @enum {string} */
                status: "PENDING" | "CORRECTION_REQUESTED" | "APPROVED" | "REJECTED" | "DEEMED_APPROVED" | "APPROVED_ON_COMMITMENT" | "CLOSED" | "WITHDRAWN" | "LAPSED";
                /** Format: date-time */
                dueBy: string;
                timeLimit: components["schemas"]["TimeLimit"];
                /** Format: date-time */
                decidedAt?: string;
                decidedBy?: string;
                comment?: string;
                conditions?: string[];
                requested?: {
                    id: string;
                    reason: string;
                }[];
                extension?: {
                    workingDays: number;
                    reason: string;
                    /** Format: date-time */
                    at: string;
                };
                calendarVersion: number;
                defaultedBy?: string;
                /** Format: date-time */
                opinionBy?: string;
                opinion?: {
                    comment: string;
                    /** Format: date-time */
                    at: string;
                };
                postCheck?: {
                    /** @enum {string} */
                    result?: "PASSED" | "FAILED";
                    /** Format: date-time */
                    at?: string;
                    by?: string;
                    comment?: string;
                    reasons?: string[];
                    /** Format: date-time */
                    missedAt?: string;
                    /** Format: date-time */
                    closedAt?: string;
                };
                progress?: components["schemas"]["ReviewProgress"];
            }[];
            timeline: components["schemas"]["TimelineEvent"][];
        };
        CaseList: {
            items: components["schemas"]["CaseSummary"][];
            nextCursor?: string;
        };
        CaseSummary: {
            caseId: string;
            serviceCode: string;
            serviceName: string;
            /** @enum {string} */
            status: "INCOMPLETE" | "IN_REVIEW" | "APPROVED" | "REJECTED" | "WITHDRAWN" | "LAPSED";
            /** @enum {string} */
            outcome?: "APPROVED" | "REJECTED";
            /** Format: date-time */
            submittedAt: string;
            /** Format: date-time */
            decidedAt?: string;
            applicantName: string;
            applicantIdMasked?: string;
        };
        Correction: {
            form?: {
                [key: string]: unknown;
            };
            materials?: {
                id: string;
                name: string;
                sha256?: string;
                uri?: string;
            }[];
        };
        Decision: {
            /** @enum {string} */
            decision: "APPROVE" | "REJECT" | "REQUEST_CORRECTION";
            comment?: string;
            conditions?: string[];
            requested?: {
                id: string;
                reason: string;
            }[];
        };
        DepartmentContacts: {
            code: string;
            name?: string;
            emails: string[];
            adminEmails: string[];
        };
        DepartmentStatistics: {
            period: string;
            items: {
                department: string;
                period: string;
                received: number;
                decided: number;
                decidedOnTime: number;
                approved: number;
                rejected: number;
                deemedApprovals: number;
                correctionRequests: number;
                extensions: number;
                opinions: number;
                opinionsMissing: number;
                commitments: number;
                postChecksDone: number;
                postChecksFailed: number;
                postChecksMissed: number;
                ratings: {
                    count: number;
                    mean?: number;
                    distribution: {
                        1: number;
                        2: number;
                        3: number;
                        4: number;
                        5: number;
                    };
                    low: number;
                    lowAnswered: number;
                    lowAnsweredShare?: number;
                };
                medianWorkingDaysToDecide?: number;
                p90WorkingDaysToDecide?: number;
            }[];
        };
        Error: {
            error: {
                code: string;
                message: string;
                issues?: components["schemas"]["Issue"][];
            } & {
                [key: string]: unknown;
            };
        };
        Extension: {
            workingDays: number;
            reason: string;
        };
        Field: {
            name: string;
            label?: string;
            /** @enum {string} */
            type: "string" | "number" | "integer" | "boolean" | "date" | "enum";
            required?: boolean;
            min?: number;
            max?: number;
            pattern?: string;
            options?: string[];
        };
        FileOpinionRequest: {
            comment: string;
        };
        GatewayError: {
            message: string;
        };
        Health: {
            /** @constant */
            status: "ok";
        };
        Issue: {
            path: string;
            message: string;
        };
        OpenApiDocument: {
            openapi: string;
            info: {
                title: string;
                version: string;
            } & {
                [key: string]: unknown;
            };
            paths: {
                [key: string]: unknown;
            };
        } & {
            [key: string]: unknown;
        };
        Permit: {
            number: string;
            /** @enum {string} */
            status: "VALID" | "REVOKED" | "EXPIRED";
            document: components["schemas"]["PermitDocument"];
            digest: string;
            signature: {
                /** @constant */
                algorithm: "ECDSA_SHA_256";
                keyId: string;
                value: string;
            };
            revoked?: {
                /** Format: date-time */
                at: string;
                reasons: string[];
            };
            qr: string;
        };
        PermitDocument: {
            /** @constant */
            format: "one-stop-permit/1";
            number: string;
            caseId: string;
            title: string;
            holder: {
                name: string;
                idType: string;
                idNumberMasked: string;
            };
            service: {
                code: string;
                name: string;
                legalBasis?: string;
            };
            authority: string;
            /** Format: date-time */
            issuedAt: string;
            /** Format: date-time */
            validFrom: string;
            /** Format: date-time */
            validUntil?: string;
            approvals: {
                department: string;
                departmentName: string;
                /** @enum {string} */
                decision: "APPROVED" | "DEEMED_APPROVED" | "APPROVED_ON_COMMITMENT";
                /** Format: date-time */
                at: string;
                conditions?: string[];
                /** Format: date-time */
                postCheckBy?: string;
            }[];
            tacitApprovals: {
                department: string;
                departmentName: string;
                /** Format: date-time */
                dueBy: string;
                statement: string;
            }[];
            commitment?: {
                text: string;
                /** Format: date-time */
                signedAt: string;
            };
        };
        PermitKey: {
            keyId: string;
            /** @constant */
            algorithm: "ECDSA_SHA_256";
            /** @constant */
            curve: "P-256";
            publicKeyPem: string;
            canonicalization: string;
        };
        PermitVerification: {
            number: string;
            genuine: boolean;
            /** @enum {string} */
            status: "VALID" | "REVOKED" | "EXPIRED";
            copyMatches?: boolean;
            /** Format: date-time */
            validUntil?: string;
            revoked?: {
                /** Format: date-time */
                at: string;
                reasons: string[];
            };
            keyId: string;
            /** Format: date-time */
            checkedAt: string;
        };
        PostCheck: {
            /** @enum {string} */
            result: "PASSED" | "FAILED";
            comment?: string;
            reasons?: string[];
        };
        PutDepartmentRequest: {
            name?: string;
            /** @default [] */
            emails: string[];
            /** @default [] */
            adminEmails: string[];
        };
        Rating: {
            service?: {
                score: number;
                comment?: string;
            };
            departments?: {
                [key: string]: {
                    score: number;
                    comment?: string;
                };
            };
        };
        RatingAnswer: {
            answer: string;
        };
        Ratings: {
            /** Format: date-time */
            rateBy?: string;
            ratable: string[];
            service?: {
                score: number;
                comment?: string;
                /** Format: date-time */
                at: string;
                answer?: {
                    text: string;
                    /** Format: date-time */
                    at: string;
                };
            };
            departments: {
                [key: string]: {
                    score: number;
                    comment?: string;
                    /** Format: date-time */
                    at: string;
                    answer?: {
                        text: string;
                        /** Format: date-time */
                        at: string;
                    };
                };
            };
        };
        Receipt: {
            caseId: string;
            /** @enum {string} */
            status: "IN_REVIEW" | "APPROVED";
            receipt: {
                serviceCode: string;
                serviceName: string;
                /** Format: date-time */
                acceptedAt: string;
                calendarVersion: number;
                reviews: {
                    department: string;
                    departmentName: string;
                    /** Format: date-time */
                    dueBy: string;
                    /** @constant */
                    onCommitment?: true;
                }[];
                tacitApproval: string;
                redress: string;
            };
        } | {
            caseId: string;
            /** @constant */
            status: "INCOMPLETE";
            receipt: {
                serviceCode: string;
                serviceName: string;
                /** Format: date-time */
                submittedAt: string;
                missing: components["schemas"]["Issue"][];
            };
        };
        Review: {
            department: string;
            departmentName: string;
            /** @enum {string} */
            status: "PENDING" | "CORRECTION_REQUESTED" | "APPROVED" | "REJECTED" | "DEEMED_APPROVED" | "APPROVED_ON_COMMITMENT" | "CLOSED" | "WITHDRAWN" | "LAPSED";
            /** Format: date-time */
            dueBy: string;
            timeLimit: components["schemas"]["TimeLimit"];
            /** Format: date-time */
            decidedAt?: string;
            decidedBy?: string;
            comment?: string;
            conditions?: string[];
            requested?: {
                id: string;
                reason: string;
            }[];
            extension?: {
                workingDays: number;
                reason: string;
                /** Format: date-time */
                at: string;
            };
            calendarVersion: number;
            defaultedBy?: string;
            /** Format: date-time */
            opinionBy?: string;
            opinion?: {
                comment: string;
                /** Format: date-time */
                at: string;
            };
            postCheck?: {
                /** @enum {string} */
                result?: "PASSED" | "FAILED";
                /** Format: date-time */
                at?: string;
                by?: string;
                comment?: string;
                reasons?: string[];
                /** Format: date-time */
                missedAt?: string;
                /** Format: date-time */
                closedAt?: string;
            };
        };
        ReviewList: {
            items: components["schemas"]["ReviewTask"][];
            nextCursor?: string;
        };
        ReviewProgress: {
            /** @enum {string} */
            waitingFor: "department" | "applicant";
            clockStopped: boolean;
            workingDaysLeft?: number;
        };
        ReviewTask: {
            caseId: string;
            department: string;
            serviceCode: string;
            /** @enum {string} */
            status: "PENDING" | "CORRECTION_REQUESTED" | "APPROVED" | "REJECTED" | "DEEMED_APPROVED" | "APPROVED_ON_COMMITMENT" | "CLOSED" | "WITHDRAWN" | "LAPSED";
            /** Format: date-time */
            dueBy: string;
            /** Format: date-time */
            acceptedAt: string;
            applicantName: string;
            applicantIdMasked?: string;
        };
        Revocation: {
            reasons: string[];
        };
        Rule: {
            all: components["schemas"]["Rule"][];
        } | {
            any: components["schemas"]["Rule"][];
        } | {
            field: string;
            eq?: string | number | boolean;
            ne?: string | number | boolean;
            gt?: number;
            gte?: number;
            lt?: number;
            lte?: number;
            in?: (string | number | boolean)[];
        };
        Service: {
            name: string;
            description?: string;
            legalBasis?: string;
            /** @default [] */
            materials: {
                id: string;
                name: string;
                required: boolean;
            }[];
            /**
             * @default {
             *       "fields": []
             *     }
             */
            form: {
                fields: components["schemas"]["Field"][];
            };
            departments: {
                code: string;
                name: string;
                when?: components["schemas"]["Rule"];
                timeLimit: components["schemas"]["TimeLimit"];
                commitment?: {
                    postCheckLimit: components["schemas"]["TimeLimit"];
                };
            }[];
            correctionLimit?: components["schemas"]["TimeLimit"];
            correctionWindow?: components["schemas"]["TimeLimit"];
            opinionLimit?: components["schemas"]["TimeLimit"];
            reminders?: {
                fractionsUsed?: number[];
                workingDaysLeft?: number[];
            };
            permit?: {
                title?: string;
                authority?: string;
                validity?: {
                    years?: number;
                    months?: number;
                    days?: number;
                };
            };
            commitment?: {
                text: string;
            };
            ratingWindow?: components["schemas"]["TimeLimit"];
            receipt?: {
                redress?: string;
                tacitApproval?: string;
            };
            code: string;
            version: number;
            /** Format: date-time */
            updatedAt?: string;
        };
        ServiceDefinition: {
            name: string;
            description?: string;
            legalBasis?: string;
            /** @default [] */
            materials: {
                id: string;
                name: string;
                required: boolean;
            }[];
            /**
             * @default {
             *       "fields": []
             *     }
             */
            form: {
                fields: components["schemas"]["Field"][];
            };
            departments: {
                code: string;
                name: string;
                when?: components["schemas"]["Rule"];
                timeLimit: components["schemas"]["TimeLimit"];
                commitment?: {
                    postCheckLimit: components["schemas"]["TimeLimit"];
                };
            }[];
            correctionLimit?: components["schemas"]["TimeLimit"];
            correctionWindow?: components["schemas"]["TimeLimit"];
            opinionLimit?: components["schemas"]["TimeLimit"];
            reminders?: {
                fractionsUsed?: number[];
                workingDaysLeft?: number[];
            };
            permit?: {
                title?: string;
                authority?: string;
                validity?: {
                    years?: number;
                    months?: number;
                    days?: number;
                };
            };
            commitment?: {
                text: string;
            };
            ratingWindow?: components["schemas"]["TimeLimit"];
            receipt?: {
                redress?: string;
                tacitApproval?: string;
            };
            code?: string;
            version?: number;
            updatedAt?: string;
        };
        ServiceList: {
            items: components["schemas"]["Service"][];
        };
        ServiceStatistics: {
            period: string;
            items: {
                serviceCode: string;
                period: string;
                cases: number;
                outcomes: {
                    approved: number;
                    rejected: number;
                    lapsed: number;
                    withdrawn: number;
                };
                medianWorkingDaysToOutcome?: number;
                ratings: {
                    count: number;
                    mean?: number;
                    distribution: {
                        1: number;
                        2: number;
                        3: number;
                        4: number;
                        5: number;
                    };
                    low: number;
                    lowAnswered: number;
                    lowAnsweredShare?: number;
                };
            }[];
        };
        TimeLimit: {
            workingDays: number;
        } | {
            duration: string;
        };
        TimelineEvent: {
            seq: number;
            /** Format: date-time */
            at: string;
            type: string;
            actor: string;
            department?: string;
            detail?: {
                [key: string]: unknown;
            };
        };
    };
    responses: {
        /** @description VALIDATION_FAILED: the request is not valid; `issues` names each field (`form.floorArea`, `query.limit`, `path.caseId`, `headers.idempotency-key`). */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description UNAUTHENTICATED: no valid bearer token. In AWS the gateway's authorizer answers `{"message":"Unauthorized"}`. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] | components["schemas"]["GatewayError"];
            };
        };
        /** @description FORBIDDEN: the caller's groups do not allow this. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description NOT_FOUND: no such resource, or a case that is not the caller's (existence does not leak). */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description CONFLICT, REVIEW_ALREADY_SETTLED (with `settledAs`, `settledAt`) or IDEMPOTENCY_KEY_REUSED: the request conflicts with the current state. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description PRECONDITION_FAILED: If-Match names a version that is no longer current; read it again. */
        PreconditionFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description UNSUPPORTED_MEDIA_TYPE: the body is not `application/json`. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description THROTTLED: over the route's rate. In AWS the gateway answers `{"message":"Too Many Requests"}`. */
        TooManyRequests: {
            headers: {
                /** @description Seconds to wait before retrying. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] | components["schemas"]["GatewayError"];
            };
        };
        /** @description INTERNAL: the request was not completed. In AWS a failed integration answers `{"message":"Internal Server Error"}`. */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] | components["schemas"]["GatewayError"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Liveness */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getOpenApi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description This API as an OpenAPI 3.1 document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenApiDocument"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    listServices: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service catalogue */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceList"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getService: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the copy the client holds: 304 with no body while it is still current. */
                "If-None-Match"?: string;
            };
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One service */
            200: {
                headers: {
                    /** @description The version of this representation, for If-None-Match and If-Match. */
                    ETag: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Service"];
                };
            };
            /** @description Not Modified: the copy named by If-None-Match is current. */
            304: {
                headers: {
                    /** @description The version of this representation, for If-None-Match and If-Match. */
                    ETag: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    putService: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the resource as last read: the change is made only if it is still current, else 412. */
                "If-Match"?: string;
            };
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ServiceDefinition"];
            };
        };
        responses: {
            /** @description Create or replace a service (If-Match: its ETag, to replace only what was read) */
            200: {
                headers: {
                    /** @description The version of this representation, for If-None-Match and If-Match. */
                    ETag: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Service"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    listApplications: {
        parameters: {
            query?: {
                status?: "INCOMPLETE" | "IN_REVIEW" | "APPROVED" | "REJECTED" | "WITHDRAWN" | "LAPSED";
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's cases (admins: all), newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CaseList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    submitApplication: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the submission safe to retry: the same key with the same body answers the first answer again (202); with another body 409 IDEMPOTENCY_KEY_REUSED. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Application"];
            };
        };
        responses: {
            /** @description Submit an application */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Receipt"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getApplication: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the copy the client holds: 304 with no body while it is still current. */
                "If-None-Match"?: string;
            };
            path: {
                caseId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A case: status, reviews, timeline */
            200: {
                headers: {
                    /** @description The version of this representation, for If-None-Match and If-Match. */
                    ETag: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Case"];
                };
            };
            /** @description Not Modified: the copy named by If-None-Match is current. */
            304: {
                headers: {
                    /** @description The version of this representation, for If-None-Match and If-Match. */
                    ETag: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getAudit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                caseId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The case's hash-chained audit trail with its verification */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Audit"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    withdrawApplication: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                caseId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Withdraw before the outcome */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Case"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    correctApplication: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                caseId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Correction"];
            };
        };
        responses: {
            /** @description Complete an INCOMPLETE case, or answer a correction request */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Case"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    listReviews: {
        parameters: {
            query: {
                department: string;
                status?: "PENDING" | "CORRECTION_REQUESTED" | "APPROVED" | "REJECTED" | "DEEMED_APPROVED" | "APPROVED_ON_COMMITMENT" | "CLOSED" | "WITHDRAWN" | "LAPSED";
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A department's work list, earliest due first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReviewList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    decideReview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                caseId: string;
                department: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Decision"];
            };
        };
        responses: {
            /** @description Approve, reject, or request a correction */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Review"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description CONFLICT, REVIEW_ALREADY_SETTLED (with `settledAs`, `settledAt`) or IDEMPOTENCY_KEY_REUSED: the request conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    extendReview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                caseId: string;
                department: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Extension"];
            };
        };
        responses: {
            /** @description Extend the limit once, before it expires */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Review"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    fileOpinion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                caseId: string;
                department: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FileOpinionRequest"];
            };
        };
        responses: {
            /** @description File an opinion after a deemed approval */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Review"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    recordPostCheck: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                caseId: string;
                department: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PostCheck"];
            };
        };
        responses: {
            /** @description Record the check after an approval on commitment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Review"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    rateApplication: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                caseId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Rating"];
            };
        };
        responses: {
            /** @description Rate the service and the departments after the outcome, or change a rating */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ratings"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    answerRating: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                caseId: string;
                department: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RatingAnswer"];
            };
        };
        responses: {
            /** @description Answer a rating of the department on the record */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ratings"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    putDepartment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PutDepartmentRequest"];
            };
        };
        responses: {
            /** @description Who a department's notifications go to */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DepartmentContacts"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getDepartmentStats: {
        parameters: {
            query?: {
                period?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Statistics per department for a month */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DepartmentStatistics"];
                };
            };
            400: components["responses"]["BadRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getServiceStats: {
        parameters: {
            query?: {
                period?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Statistics per service for a month */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceStatistics"];
                };
            };
            400: components["responses"]["BadRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getCalendar: {
        parameters: {
            query?: {
                version?: number;
            };
            header?: {
                /** @description The ETag of the copy the client holds: 304 with no body while it is still current. */
                "If-None-Match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The working-day calendar (?version= for an earlier one) */
            200: {
                headers: {
                    /** @description The version of this representation, for If-None-Match and If-Match. */
                    ETag: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Calendar"];
                };
            };
            /** @description Not Modified: the copy named by If-None-Match is current. */
            304: {
                headers: {
                    /** @description The version of this representation, for If-None-Match and If-Match. */
                    ETag: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    putCalendarSettings: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the resource as last read: the change is made only if it is still current, else 412. */
                "If-Match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CalendarSettings"];
            };
        };
        responses: {
            /** @description Time zone, office hours and (optionally) every year’s days (If-Match: its ETag) */
            200: {
                headers: {
                    /** @description The version of this representation, for If-None-Match and If-Match. */
                    ETag: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CalendarChange"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    putCalendarYear: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the resource as last read: the change is made only if it is still current, else 412. */
                "If-Match"?: string;
            };
            path: {
                year: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CalendarYear"];
            };
        };
        responses: {
            /** @description Holidays and make-up working days of a year */
            200: {
                headers: {
                    /** @description The version of this representation, for If-None-Match and If-Match. */
                    ETag: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CalendarChange"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getPermit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A permit: the signed document, its signature and its status */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Permit"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    verifyPermit: {
        parameters: {
            query?: {
                digest?: string;
            };
            header?: never;
            path: {
                number: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Whether a permit is genuine and current, and whether a copy in hand is it */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PermitVerification"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getPermitKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The public key permits are signed with, to check them offline */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PermitKey"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    revokePermit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Revocation"];
            };
        };
        responses: {
            /** @description Revoke a permit, with reasons: on the case’s timeline, the holder notified */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Permit"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
}
